namespace MySocium.Gdpr.Tests.Encryption.First
{
    public sealed class Twin
    {
        public int Id { get; set; }

        [PersonalData] public string Secret { get; set; } = "";
    }
}

namespace MySocium.Gdpr.Tests.Encryption.Second
{
    public sealed class Twin
    {
        public int Id { get; set; }

        [PersonalData] public string Secret { get; set; } = "";
    }
}
