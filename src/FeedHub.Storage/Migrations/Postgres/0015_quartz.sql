-- Quartz.NET's job store for FeedHub:Scheduling:Clustered=true: the tables and columns Quartz 4.7
-- reads, writes and validates at start (its SchemaProvisioning.Validate), under the default
-- table prefix qrtz_. Another FeedHub:Scheduling:TablePrefix is created by Quartz itself at start
-- (SchemaProvisioning.CreateIfMissing). Created here rather than by Quartz so that the worker's
-- database account needs no right to create tables: 'migrate' can run with the owner's.
-- Each statement creates only what is missing: a database where Quartz made these tables first
-- is taken as it is.

CREATE TABLE IF NOT EXISTS qrtz_job_details (
    sched_name        text NOT NULL,
    job_name          text NOT NULL,
    job_group         text NOT NULL,
    description       text NULL,
    job_class_name    text NOT NULL,
    is_durable        boolean NOT NULL,
    is_nonconcurrent  boolean NOT NULL,
    is_update_data    boolean NOT NULL,
    requests_recovery boolean NOT NULL,
    job_data          bytea NULL,
    PRIMARY KEY (sched_name, job_name, job_group)
);

CREATE TABLE IF NOT EXISTS qrtz_triggers (
    sched_name              text NOT NULL,
    trigger_name            text NOT NULL,
    trigger_group           text NOT NULL,
    job_name                text NOT NULL,
    job_group               text NOT NULL,
    description             text NULL,
    next_fire_time          bigint NULL,
    prev_fire_time          bigint NULL,
    priority                integer NULL,
    trigger_state           text NOT NULL,
    trigger_type            text NOT NULL,
    start_time              bigint NOT NULL,
    end_time                bigint NULL,
    calendar_name           text NULL,
    misfire_instr           smallint NULL,
    misfire_orig_fire_time  bigint NULL,
    execution_group         varchar(200) NULL,
    preferred_node          varchar(200) NULL,
    preferred_node_auto     boolean NOT NULL DEFAULT false,
    retry_policy            varchar(250) NULL,
    retry_attempt           integer NULL,
    continues_trigger_name  text NULL,
    continues_trigger_group text NULL,
    continuation_condition  integer NULL,
    overlap_policy          integer NULL,
    pause_reason            varchar(250) NULL,
    paused_by               varchar(200) NULL,
    paused_at               bigint NULL,
    misfire_threshold       bigint NULL,
    fixed_delay             boolean NULL,
    job_data                bytea NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, job_name, job_group) REFERENCES qrtz_job_details (sched_name, job_name, job_group)
);

CREATE TABLE IF NOT EXISTS qrtz_simple_triggers (
    sched_name      text NOT NULL,
    trigger_name    text NOT NULL,
    trigger_group   text NOT NULL,
    repeat_count    bigint NOT NULL,
    repeat_interval bigint NOT NULL,
    times_triggered bigint NOT NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS qrtz_cron_triggers (
    sched_name      text NOT NULL,
    trigger_name    text NOT NULL,
    trigger_group   text NOT NULL,
    cron_expression text NOT NULL,
    time_zone_id    text NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS qrtz_simprop_triggers (
    sched_name    text NOT NULL,
    trigger_name  text NOT NULL,
    trigger_group text NOT NULL,
    str_prop_1    text NULL,
    str_prop_2    text NULL,
    str_prop_3    text NULL,
    int_prop_1    integer NULL,
    int_prop_2    integer NULL,
    long_prop_1   bigint NULL,
    long_prop_2   bigint NULL,
    dec_prop_1    numeric(13,4) NULL,
    dec_prop_2    numeric(13,4) NULL,
    bool_prop_1   boolean NULL,
    bool_prop_2   boolean NULL,
    time_zone_id  text NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS qrtz_blob_triggers (
    sched_name    text NOT NULL,
    trigger_name  text NOT NULL,
    trigger_group text NOT NULL,
    blob_data     bytea NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group) REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS qrtz_calendars (
    sched_name    text NOT NULL,
    calendar_name text NOT NULL,
    calendar      bytea NOT NULL,
    PRIMARY KEY (sched_name, calendar_name)
);

CREATE TABLE IF NOT EXISTS qrtz_paused_trigger_grps (
    sched_name    text NOT NULL,
    trigger_group text NOT NULL,
    pause_reason  varchar(250) NULL,
    paused_by     varchar(200) NULL,
    paused_at     bigint NULL,
    PRIMARY KEY (sched_name, trigger_group)
);

CREATE TABLE IF NOT EXISTS qrtz_paused_job_grps (
    sched_name   text NOT NULL,
    job_group    text NOT NULL,
    pause_reason varchar(250) NULL,
    paused_by    varchar(200) NULL,
    paused_at    bigint NULL,
    PRIMARY KEY (sched_name, job_group)
);

CREATE TABLE IF NOT EXISTS qrtz_fired_triggers (
    sched_name               text NOT NULL,
    entry_id                 text NOT NULL,
    trigger_name             text NOT NULL,
    trigger_group            text NOT NULL,
    instance_name            text NOT NULL,
    fired_time               bigint NOT NULL,
    sched_time               bigint NOT NULL,
    priority                 integer NOT NULL,
    state                    text NOT NULL,
    job_name                 text NULL,
    job_group                text NULL,
    is_nonconcurrent         boolean NOT NULL,
    requests_recovery        boolean NULL,
    execution_group          varchar(200) NULL,
    progress                 integer NULL,
    progress_message         varchar(250) NULL,
    interrupt_requested_time bigint NULL,
    PRIMARY KEY (sched_name, entry_id)
);

CREATE TABLE IF NOT EXISTS qrtz_scheduler_state (
    sched_name        text NOT NULL,
    instance_name     text NOT NULL,
    last_checkin_time bigint NOT NULL,
    checkin_interval  bigint NOT NULL,
    quartz_version    varchar(20) NULL,
    PRIMARY KEY (sched_name, instance_name)
);

CREATE TABLE IF NOT EXISTS qrtz_locks (
    sched_name text NOT NULL,
    lock_name  text NOT NULL,
    PRIMARY KEY (sched_name, lock_name)
);

CREATE TABLE IF NOT EXISTS qrtz_execution_history (
    sched_name          text NOT NULL,
    entry_id            text NOT NULL,
    instance_name       text NOT NULL,
    job_name            text NOT NULL,
    job_group           text NOT NULL,
    trigger_name        text NOT NULL,
    trigger_group       text NOT NULL,
    fired_time          bigint NOT NULL,
    run_time            bigint NOT NULL,
    succeeded           boolean NOT NULL,
    error_message       text NULL,
    retry_attempt       integer NOT NULL DEFAULT 0,
    retry_scheduled     boolean NOT NULL DEFAULT false,
    execution_log       text NULL,
    result              integer NULL,
    summary             text NULL,
    metrics             text NULL,
    manual              boolean NULL,
    fire_instance_id    text NULL,
    job_input           text NULL,
    job_input_too_large boolean NULL,
    PRIMARY KEY (sched_name, entry_id)
);

CREATE TABLE IF NOT EXISTS qrtz_misfire_history (
    sched_name    text NOT NULL,
    entry_id      text NOT NULL,
    instance_name text NOT NULL,
    trigger_name  text NOT NULL,
    trigger_group text NOT NULL,
    job_name      text NULL,
    job_group     text NULL,
    misfire_time  bigint NOT NULL,
    sched_time    bigint NULL,
    reason        integer NULL,
    PRIMARY KEY (sched_name, entry_id)
);

CREATE TABLE IF NOT EXISTS qrtz_job_status (
    sched_name           text NOT NULL,
    job_group            text NOT NULL,
    job_name             text NOT NULL,
    first_fired_time     bigint NOT NULL,
    last_fired_time      bigint NOT NULL,
    last_result          integer NOT NULL,
    last_run_time        bigint NOT NULL,
    last_instance_name   text NOT NULL,
    last_entry_id        text NULL,
    last_summary         text NULL,
    last_success_time    bigint NULL,
    last_failure_time    bigint NULL,
    last_failure_message text NULL,
    consecutive_failures integer NOT NULL DEFAULT 0,
    run_count            bigint NOT NULL DEFAULT 0,
    failure_count        bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (sched_name, job_group, job_name)
);

-- What acquisition (state, due time, priority), misfire handling and recovery filter on.
CREATE INDEX IF NOT EXISTS qrtz_job_details_group ON qrtz_job_details (sched_name, job_group, job_name);
CREATE INDEX IF NOT EXISTS qrtz_triggers_job ON qrtz_triggers (sched_name, job_name, job_group);
CREATE INDEX IF NOT EXISTS qrtz_triggers_group ON qrtz_triggers (sched_name, trigger_group, trigger_name);
CREATE INDEX IF NOT EXISTS qrtz_triggers_calendar ON qrtz_triggers (sched_name, calendar_name);
CREATE INDEX IF NOT EXISTS qrtz_triggers_due ON qrtz_triggers (sched_name, trigger_state, next_fire_time ASC, priority DESC, misfire_instr);
CREATE INDEX IF NOT EXISTS qrtz_fired_triggers_instance ON qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
CREATE INDEX IF NOT EXISTS qrtz_fired_triggers_job ON qrtz_fired_triggers (sched_name, job_name, job_group);
CREATE INDEX IF NOT EXISTS qrtz_fired_triggers_trigger ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
CREATE INDEX IF NOT EXISTS qrtz_execution_history_fired ON qrtz_execution_history (sched_name, fired_time);
CREATE INDEX IF NOT EXISTS qrtz_execution_history_instance ON qrtz_execution_history (sched_name, instance_name);
CREATE INDEX IF NOT EXISTS qrtz_execution_history_job ON qrtz_execution_history (sched_name, job_group, job_name, fired_time);
CREATE INDEX IF NOT EXISTS qrtz_execution_history_fire_instance ON qrtz_execution_history (sched_name, fire_instance_id);
CREATE INDEX IF NOT EXISTS qrtz_execution_history_trigger ON qrtz_execution_history (sched_name, trigger_group, trigger_name, fired_time);
CREATE INDEX IF NOT EXISTS qrtz_misfire_history_time ON qrtz_misfire_history (sched_name, misfire_time);
CREATE INDEX IF NOT EXISTS qrtz_misfire_history_instance ON qrtz_misfire_history (sched_name, instance_name);
