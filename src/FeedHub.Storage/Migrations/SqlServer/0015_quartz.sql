-- Quartz.NET's job store for FeedHub:Scheduling:Clustered=true: the tables and columns Quartz 4.7
-- reads, writes and validates at start (its SchemaProvisioning.Validate), under the default
-- table prefix qrtz_. Another FeedHub:Scheduling:TablePrefix is created by Quartz itself at start
-- (SchemaProvisioning.CreateIfMissing). Created here rather than by Quartz so that the worker's
-- database account needs no right to create tables: 'migrate' can run with the owner's.
-- Each statement creates only what is missing: a database where Quartz made these tables first
-- is taken as it is.
-- One batch, no GO: the migrator sends a script as one command.

IF OBJECT_ID(N'qrtz_job_details', N'U') IS NULL
CREATE TABLE qrtz_job_details (
    sched_name        nvarchar(120) NOT NULL,
    job_name          nvarchar(150) NOT NULL,
    job_group         nvarchar(150) NOT NULL,
    description       nvarchar(250) NULL,
    job_class_name    nvarchar(250) NOT NULL,
    is_durable        bit NOT NULL,
    is_nonconcurrent  bit NOT NULL,
    is_update_data    bit NOT NULL,
    requests_recovery bit NOT NULL,
    job_data          varbinary(max) NULL,
    CONSTRAINT qrtz_job_details_pk PRIMARY KEY (sched_name, job_name, job_group)
);

IF OBJECT_ID(N'qrtz_triggers', N'U') IS NULL
CREATE TABLE qrtz_triggers (
    sched_name              nvarchar(120) NOT NULL,
    trigger_name            nvarchar(150) NOT NULL,
    trigger_group           nvarchar(150) NOT NULL,
    job_name                nvarchar(150) NOT NULL,
    job_group               nvarchar(150) NOT NULL,
    description             nvarchar(250) NULL,
    next_fire_time          bigint NULL,
    prev_fire_time          bigint NULL,
    priority                int NULL,
    trigger_state           nvarchar(16) NOT NULL,
    trigger_type            nvarchar(8) NOT NULL,
    start_time              bigint NOT NULL,
    end_time                bigint NULL,
    calendar_name           nvarchar(200) NULL,
    misfire_instr           int NULL,
    misfire_orig_fire_time  bigint NULL,
    execution_group         nvarchar(200) NULL,
    preferred_node          nvarchar(200) NULL,
    preferred_node_auto     bit NOT NULL CONSTRAINT qrtz_triggers_preferred_node_auto_default DEFAULT 0,
    retry_policy            nvarchar(250) NULL,
    retry_attempt           int NULL,
    continues_trigger_name  nvarchar(150) NULL,
    continues_trigger_group nvarchar(150) NULL,
    continuation_condition  int NULL,
    overlap_policy          int NULL,
    pause_reason            nvarchar(250) NULL,
    paused_by               nvarchar(200) NULL,
    paused_at               bigint NULL,
    misfire_threshold       bigint NULL,
    fixed_delay             bit NULL,
    job_data                varbinary(max) NULL,
    CONSTRAINT qrtz_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT qrtz_triggers_job_fk FOREIGN KEY (sched_name, job_name, job_group) REFERENCES qrtz_job_details (sched_name, job_name, job_group)
);

IF OBJECT_ID(N'qrtz_simple_triggers', N'U') IS NULL
CREATE TABLE qrtz_simple_triggers (
    sched_name      nvarchar(120) NOT NULL,
    trigger_name    nvarchar(150) NOT NULL,
    trigger_group   nvarchar(150) NOT NULL,
    repeat_count    int NOT NULL,
    repeat_interval bigint NOT NULL,
    times_triggered int NOT NULL,
    CONSTRAINT qrtz_simple_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT qrtz_simple_triggers_trigger_fk FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

IF OBJECT_ID(N'qrtz_cron_triggers', N'U') IS NULL
CREATE TABLE qrtz_cron_triggers (
    sched_name      nvarchar(120) NOT NULL,
    trigger_name    nvarchar(150) NOT NULL,
    trigger_group   nvarchar(150) NOT NULL,
    cron_expression nvarchar(120) NOT NULL,
    time_zone_id    nvarchar(80) NULL,
    CONSTRAINT qrtz_cron_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT qrtz_cron_triggers_trigger_fk FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

IF OBJECT_ID(N'qrtz_simprop_triggers', N'U') IS NULL
CREATE TABLE qrtz_simprop_triggers (
    sched_name    nvarchar(120) NOT NULL,
    trigger_name  nvarchar(150) NOT NULL,
    trigger_group nvarchar(150) NOT NULL,
    str_prop_1    nvarchar(512) NULL,
    str_prop_2    nvarchar(512) NULL,
    str_prop_3    nvarchar(512) NULL,
    int_prop_1    int NULL,
    int_prop_2    int NULL,
    long_prop_1   bigint NULL,
    long_prop_2   bigint NULL,
    dec_prop_1    numeric(13,4) NULL,
    dec_prop_2    numeric(13,4) NULL,
    bool_prop_1   bit NULL,
    bool_prop_2   bit NULL,
    time_zone_id  nvarchar(80) NULL,
    CONSTRAINT qrtz_simprop_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT qrtz_simprop_triggers_trigger_fk FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

IF OBJECT_ID(N'qrtz_blob_triggers', N'U') IS NULL
CREATE TABLE qrtz_blob_triggers (
    sched_name    nvarchar(120) NOT NULL,
    trigger_name  nvarchar(150) NOT NULL,
    trigger_group nvarchar(150) NOT NULL,
    blob_data     varbinary(max) NULL,
    CONSTRAINT qrtz_blob_triggers_pk PRIMARY KEY (sched_name, trigger_name, trigger_group),
    CONSTRAINT qrtz_blob_triggers_trigger_fk FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

IF OBJECT_ID(N'qrtz_calendars', N'U') IS NULL
CREATE TABLE qrtz_calendars (
    sched_name    nvarchar(120) NOT NULL,
    calendar_name nvarchar(200) NOT NULL,
    calendar      varbinary(max) NOT NULL,
    CONSTRAINT qrtz_calendars_pk PRIMARY KEY (sched_name, calendar_name)
);

IF OBJECT_ID(N'qrtz_paused_trigger_grps', N'U') IS NULL
CREATE TABLE qrtz_paused_trigger_grps (
    sched_name    nvarchar(120) NOT NULL,
    trigger_group nvarchar(150) NOT NULL,
    pause_reason  nvarchar(250) NULL,
    paused_by     nvarchar(200) NULL,
    paused_at     bigint NULL,
    CONSTRAINT qrtz_paused_trigger_grps_pk PRIMARY KEY (sched_name, trigger_group)
);

IF OBJECT_ID(N'qrtz_paused_job_grps', N'U') IS NULL
CREATE TABLE qrtz_paused_job_grps (
    sched_name   nvarchar(120) NOT NULL,
    job_group    nvarchar(150) NOT NULL,
    pause_reason nvarchar(250) NULL,
    paused_by    nvarchar(200) NULL,
    paused_at    bigint NULL,
    CONSTRAINT qrtz_paused_job_grps_pk PRIMARY KEY (sched_name, job_group)
);

IF OBJECT_ID(N'qrtz_fired_triggers', N'U') IS NULL
CREATE TABLE qrtz_fired_triggers (
    sched_name               nvarchar(120) NOT NULL,
    entry_id                 nvarchar(140) NOT NULL,
    trigger_name             nvarchar(150) NOT NULL,
    trigger_group            nvarchar(150) NOT NULL,
    instance_name            nvarchar(200) NOT NULL,
    fired_time               bigint NOT NULL,
    sched_time               bigint NOT NULL,
    priority                 int NOT NULL,
    state                    nvarchar(16) NOT NULL,
    job_name                 nvarchar(150) NULL,
    job_group                nvarchar(150) NULL,
    is_nonconcurrent         bit NULL,
    requests_recovery        bit NULL,
    execution_group          nvarchar(200) NULL,
    progress                 int NULL,
    progress_message         nvarchar(250) NULL,
    interrupt_requested_time bigint NULL,
    CONSTRAINT qrtz_fired_triggers_pk PRIMARY KEY (sched_name, entry_id)
);

IF OBJECT_ID(N'qrtz_scheduler_state', N'U') IS NULL
CREATE TABLE qrtz_scheduler_state (
    sched_name        nvarchar(120) NOT NULL,
    instance_name     nvarchar(200) NOT NULL,
    last_checkin_time bigint NOT NULL,
    checkin_interval  bigint NOT NULL,
    quartz_version    nvarchar(20) NULL,
    CONSTRAINT qrtz_scheduler_state_pk PRIMARY KEY (sched_name, instance_name)
);

IF OBJECT_ID(N'qrtz_locks', N'U') IS NULL
CREATE TABLE qrtz_locks (
    sched_name nvarchar(120) NOT NULL,
    lock_name  nvarchar(40) NOT NULL,
    CONSTRAINT qrtz_locks_pk PRIMARY KEY (sched_name, lock_name)
);

IF OBJECT_ID(N'qrtz_execution_history', N'U') IS NULL
CREATE TABLE qrtz_execution_history (
    sched_name          nvarchar(120) NOT NULL,
    entry_id            nvarchar(140) NOT NULL,
    instance_name       nvarchar(200) NOT NULL,
    job_name            nvarchar(150) NOT NULL,
    job_group           nvarchar(150) NOT NULL,
    trigger_name        nvarchar(150) NOT NULL,
    trigger_group       nvarchar(150) NOT NULL,
    fired_time          bigint NOT NULL,
    run_time            bigint NOT NULL,
    succeeded           bit NOT NULL,
    error_message       nvarchar(1000) NULL,
    retry_attempt       int NOT NULL CONSTRAINT qrtz_execution_history_retry_attempt_default DEFAULT 0,
    retry_scheduled     bit NOT NULL CONSTRAINT qrtz_execution_history_retry_scheduled_default DEFAULT 0,
    execution_log       nvarchar(max) NULL,
    result              int NULL,
    summary             nvarchar(1000) NULL,
    metrics             nvarchar(max) NULL,
    manual              bit NULL,
    fire_instance_id    nvarchar(140) NULL,
    job_input           nvarchar(max) NULL,
    job_input_too_large bit NULL,
    CONSTRAINT qrtz_execution_history_pk PRIMARY KEY (sched_name, entry_id)
);

IF OBJECT_ID(N'qrtz_misfire_history', N'U') IS NULL
CREATE TABLE qrtz_misfire_history (
    sched_name    nvarchar(120) NOT NULL,
    entry_id      nvarchar(140) NOT NULL,
    instance_name nvarchar(200) NOT NULL,
    trigger_name  nvarchar(150) NOT NULL,
    trigger_group nvarchar(150) NOT NULL,
    job_name      nvarchar(150) NULL,
    job_group     nvarchar(150) NULL,
    misfire_time  bigint NOT NULL,
    sched_time    bigint NULL,
    reason        int NULL,
    CONSTRAINT qrtz_misfire_history_pk PRIMARY KEY (sched_name, entry_id)
);

IF OBJECT_ID(N'qrtz_job_status', N'U') IS NULL
CREATE TABLE qrtz_job_status (
    sched_name           nvarchar(120) NOT NULL,
    job_group            nvarchar(150) NOT NULL,
    job_name             nvarchar(150) NOT NULL,
    first_fired_time     bigint NOT NULL,
    last_fired_time      bigint NOT NULL,
    last_result          int NOT NULL,
    last_run_time        bigint NOT NULL,
    last_instance_name   nvarchar(200) NOT NULL,
    last_entry_id        nvarchar(140) NULL,
    last_summary         nvarchar(1000) NULL,
    last_success_time    bigint NULL,
    last_failure_time    bigint NULL,
    last_failure_message nvarchar(1000) NULL,
    consecutive_failures int NOT NULL CONSTRAINT qrtz_job_status_consecutive_failures_default DEFAULT 0,
    run_count            bigint NOT NULL CONSTRAINT qrtz_job_status_run_count_default DEFAULT 0,
    failure_count        bigint NOT NULL CONSTRAINT qrtz_job_status_failure_count_default DEFAULT 0,
    CONSTRAINT qrtz_job_status_pk PRIMARY KEY (sched_name, job_group, job_name)
);

-- What acquisition (state, due time, priority), misfire handling and recovery filter on.
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_job_details_group' AND object_id = OBJECT_ID(N'qrtz_job_details'))
    CREATE INDEX qrtz_job_details_group ON qrtz_job_details (sched_name, job_group, job_name);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_triggers_job' AND object_id = OBJECT_ID(N'qrtz_triggers'))
    CREATE INDEX qrtz_triggers_job ON qrtz_triggers (sched_name, job_name, job_group);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_triggers_group' AND object_id = OBJECT_ID(N'qrtz_triggers'))
    CREATE INDEX qrtz_triggers_group ON qrtz_triggers (sched_name, trigger_group, trigger_name);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_triggers_calendar' AND object_id = OBJECT_ID(N'qrtz_triggers'))
    CREATE INDEX qrtz_triggers_calendar ON qrtz_triggers (sched_name, calendar_name);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_triggers_due' AND object_id = OBJECT_ID(N'qrtz_triggers'))
    CREATE INDEX qrtz_triggers_due ON qrtz_triggers (sched_name, trigger_state, next_fire_time ASC, priority DESC, misfire_instr);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_fired_triggers_instance' AND object_id = OBJECT_ID(N'qrtz_fired_triggers'))
    CREATE INDEX qrtz_fired_triggers_instance ON qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_fired_triggers_job' AND object_id = OBJECT_ID(N'qrtz_fired_triggers'))
    CREATE INDEX qrtz_fired_triggers_job ON qrtz_fired_triggers (sched_name, job_name, job_group);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_fired_triggers_trigger' AND object_id = OBJECT_ID(N'qrtz_fired_triggers'))
    CREATE INDEX qrtz_fired_triggers_trigger ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_execution_history_fired' AND object_id = OBJECT_ID(N'qrtz_execution_history'))
    CREATE INDEX qrtz_execution_history_fired ON qrtz_execution_history (sched_name, fired_time);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_execution_history_instance' AND object_id = OBJECT_ID(N'qrtz_execution_history'))
    CREATE INDEX qrtz_execution_history_instance ON qrtz_execution_history (sched_name, instance_name);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_execution_history_job' AND object_id = OBJECT_ID(N'qrtz_execution_history'))
    CREATE INDEX qrtz_execution_history_job ON qrtz_execution_history (sched_name, job_group, job_name, fired_time);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_execution_history_fire_instance' AND object_id = OBJECT_ID(N'qrtz_execution_history'))
    CREATE INDEX qrtz_execution_history_fire_instance ON qrtz_execution_history (sched_name, fire_instance_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_execution_history_trigger' AND object_id = OBJECT_ID(N'qrtz_execution_history'))
    CREATE INDEX qrtz_execution_history_trigger ON qrtz_execution_history (sched_name, trigger_group, trigger_name, fired_time);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_misfire_history_time' AND object_id = OBJECT_ID(N'qrtz_misfire_history'))
    CREATE INDEX qrtz_misfire_history_time ON qrtz_misfire_history (sched_name, misfire_time);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'qrtz_misfire_history_instance' AND object_id = OBJECT_ID(N'qrtz_misfire_history'))
    CREATE INDEX qrtz_misfire_history_instance ON qrtz_misfire_history (sched_name, instance_name);
