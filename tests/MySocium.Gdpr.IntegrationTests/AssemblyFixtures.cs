using MySocium.Gdpr.IntegrationTests.Infrastructure;

// One PostgreSQL server and one Chromium for the whole run; both start on first use.
[assembly: AssemblyFixture(typeof(PostgresServer))]
[assembly: AssemblyFixture(typeof(ChromiumFixture))]
