using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>Renders a result record for people: each record has its own text renderer; this picks it.</summary>
internal static class TextOutput
{
    public static Task WriteAsync(CliContext context, object result) => result switch
    {
        MigrateResult migrate => MigrateText.WriteAsync(context, migrate),
        TargetsResult targets => TargetsText.WriteAsync(context, targets),
        StatusResult status => StatusText.WriteAsync(context, status),
        ValidateResult validate => ValidateText.WriteAsync(context, validate),
        PlanResult plan => PlanText.WriteAsync(context, plan),
        DownResult down => DownText.WriteAsync(context, down),
        TestReport test => TestText.WriteSummaryAsync(context, test),
        DriftResult drift => DriftText.WriteAsync(context, drift),
        RehearsalResult rehearsal => RehearsalText.WriteAsync(context, rehearsal),
        MaintenanceResult maintenance => MaintenanceText.WriteAsync(context, maintenance),
        ConversionResult conversion => ConversionText.WriteAsync(context, conversion),
        LintResult lint => LintText.WriteAsync(context, lint),
        BootstrapResult bootstrap => BootstrapText.WriteAsync(context, bootstrap),
        SetupResult setup => context.Output.WriteAsync(setup.Sql),
        BuildResult build => context.Output.WriteLineAsync($"Wrote {build.Bundle}: {build.Migrations} migration(s), digest {build.Digest}."),
        DevResult dev => DevText.WriteAsync(context, dev),
        DiffResult diff => DiffText.WriteAsync(context, diff),
        SquashResult squash => SquashText.WriteAsync(context, squash),
        NewResult created => context.Output.WriteLineAsync(Path.GetRelativePath(context.WorkingDirectory, created.Path)),
        _ => throw new InvalidOperationException($"no text renderer for {result.GetType().Name}"),
    };
}
