using FeedHub.IntegrationTests.Operations;
using FeedHub.IntegrationTests.Publishing;
using FeedHub.IntegrationTests.Retention;
using FeedHub.Storage;

namespace FeedHub.IntegrationTests.Storage.SqlServer;

// The storage contract suite on SQL Server: each runs when FEEDHUB_TEST_SQLSERVER names a server
// and is reported skipped with that reason otherwise (TestSqlServer.RequireServer).
public sealed class ItemStoreTestsOnSqlServer() : ItemStoreTests(StorageProvider.SqlServer);

public sealed class ItemRuleStorageTestsOnSqlServer() : ItemRuleStorageTests(StorageProvider.SqlServer);

public sealed class RetentionPurgeTestsOnSqlServer() : RetentionPurgeTests(StorageProvider.SqlServer);

public sealed class MigrationTestsOnSqlServer() : MigrationTests(StorageProvider.SqlServer);

public sealed class SettingsStoreTestsOnSqlServer() : SettingsStoreTests(StorageProvider.SqlServer);

public sealed class SourceStoreTestsOnSqlServer() : SourceStoreTests(StorageProvider.SqlServer);

public sealed class StorageFaultTestsOnSqlServer() : StorageFaultTests(StorageProvider.SqlServer);

public sealed class StoryBackfillTestsOnSqlServer() : StoryBackfillTests(StorageProvider.SqlServer);

public sealed class StoryReaderTestsOnSqlServer() : StoryReaderTests(StorageProvider.SqlServer);

public sealed class StoryStorageTestsOnSqlServer() : StoryStorageTests(StorageProvider.SqlServer);

public sealed class StoryKeyIndexTestsOnSqlServer() : StoryKeyIndexTests(StorageProvider.SqlServer);

public sealed class SyndicationQualityTestsOnSqlServer() : SyndicationQualityTests(StorageProvider.SqlServer);

public sealed class ConcurrentRefreshTestsOnSqlServer() : ConcurrentRefreshTests(StorageProvider.SqlServer);

public sealed class StoryQueryTestsOnSqlServer() : StoryQueryTests(StorageProvider.SqlServer);

public sealed class SourceStatusReaderTestsOnSqlServer() : SourceStatusReaderTests(StorageProvider.SqlServer);

public sealed class ConfiguredSourceSeedingTestsOnSqlServer() : ConfiguredSourceSeedingTests(StorageProvider.SqlServer);

public sealed class PollCadenceStorageTestsOnSqlServer() : PollCadenceStorageTests(StorageProvider.SqlServer);

public sealed class SearchCaseTestsOnSqlServer() : SearchCaseTests(StorageProvider.SqlServer);

public sealed class SearchIndexTestsOnSqlServer() : SearchIndexTests(StorageProvider.SqlServer);

public sealed class SourceClaimTestsOnSqlServer() : SourceClaimTests(StorageProvider.SqlServer);

public sealed class StoryKeyPostingsTestsOnSqlServer() : StoryKeyPostingsTests(StorageProvider.SqlServer);

public sealed class StoryCopyFeaturesTestsOnSqlServer() : StoryCopyFeaturesTests(StorageProvider.SqlServer);

public sealed class StoryTextReadsTestsOnSqlServer() : StoryTextReadsTests(StorageProvider.SqlServer);

public sealed class CommonKeyPostingsTestsOnSqlServer() : CommonKeyPostingsTests(StorageProvider.SqlServer);
