using MySocium.Gdpr.FaultHost;

// fault-host <scenario> <step> [--Key value ...]: one step of a fault scenario, run by a test that may
// kill the process at the database event named by --PauseAt. The last line on standard output is the
// step's result; logs go to standard error.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: MySocium.Gdpr.FaultHost <scenario> <step> [--Key value ...]");
    return 2;
}

var settings = FaultApp.Settings(args[2..]);
return args[0] switch
{
    "erasure" => await ErasureScenario.RunAsync(args[1], settings),
    "retention" => await RetentionScenario.RunAsync(args[1], settings),
    "rotation" => await RotationScenario.RunAsync(args[1], settings),
    _ => FaultApp.Unknown(args[0]),
};
