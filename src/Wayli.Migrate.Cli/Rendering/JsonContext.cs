using System.Text.Json;
using System.Text.Json.Serialization;
using Wayli.Migrate.Failures;
using Wayli.Migrate.History;
using Wayli.Migrate.Linting;
using Wayli.Migrate.Planning;
using Wayli.Migrate.Runs;
using Wayli.Migrate.Verification;

namespace Wayli.Migrate.Cli.Rendering;

/// <summary>
/// The JSON contract: every command's result record serialised as it is, with code generated at build time (no
/// reflection, so the native build stays trim-safe). Names are camelCase, enum values kebab-case
/// (<c>out-of-order</c>), numbers are numbers. The schemas in <c>docs/json/</c> describe each document.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    Converters =
    [
        typeof(KebabCaseEnumConverter<MigrationState>), typeof(KebabCaseEnumConverter<HistoryShape>),
        typeof(KebabCaseEnumConverter<HistoryChangeKind>), typeof(KebabCaseEnumConverter<IdempotencyOutcome>), typeof(KebabCaseEnumConverter<ReversibilityOutcome>),
        typeof(KebabCaseEnumConverter<LintSeverity>), typeof(KebabCaseEnumConverter<FailureKind>),
        typeof(KebabCaseEnumConverter<DevAction>),
        typeof(KebabCaseEnumConverter<DriftChange>), typeof(KebabCaseEnumConverter<RiskLevel>), typeof(KebabCaseEnumConverter<LockImpact>),
        typeof(KebabCaseEnumConverter<ObjectChange>),
    ])]
[JsonSerializable(typeof(MigrateResult))]
[JsonSerializable(typeof(TargetsResult))]
[JsonSerializable(typeof(StatusResult))]
[JsonSerializable(typeof(ValidateResult))]
[JsonSerializable(typeof(PlanResult))]
[JsonSerializable(typeof(DownResult))]
[JsonSerializable(typeof(TestReport))]
[JsonSerializable(typeof(BootstrapResult))]
[JsonSerializable(typeof(SetupResult))]
[JsonSerializable(typeof(MaintenanceResult))]
[JsonSerializable(typeof(ConversionResult))]
[JsonSerializable(typeof(BuildResult))]
[JsonSerializable(typeof(NewResult))]
[JsonSerializable(typeof(LintResult))]
[JsonSerializable(typeof(DevResult))]
[JsonSerializable(typeof(DriftResult))]
[JsonSerializable(typeof(RehearsalResult))]
[JsonSerializable(typeof(SquashResult))]
[JsonSerializable(typeof(DiffResult))]
[JsonSerializable(typeof(ErrorDocument))]
internal sealed partial class JsonContext : JsonSerializerContext;
