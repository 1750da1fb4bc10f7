using System.CommandLine;
using Wayli.Migrate.Failures;
using Wayli.Migrate.Runs;

namespace Wayli.Migrate.Cli.Options;

/// <summary>A setting whose value is a <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The value's type.</typeparam>
internal sealed class TypedSetting<T> : Setting
{
    readonly Option<T> _option;
    readonly Func<MigrationOptions, T, CliContext, MigrationOptions> _apply;
    readonly Func<ParseResult, T>? _resolve;

    /// <summary>Declares the setting.</summary>
    /// <param name="option">The option, with its description and help name.</param>
    /// <param name="sources">Where values come from when the flag is not given.</param>
    /// <param name="parse">Turns text (from the command line, the environment or the file) into a value; throws a usage
    /// error naming the flag when it cannot.</param>
    /// <param name="fallback">The value when nothing sets it.</param>
    /// <param name="apply">Puts the value into the options record.</param>
    /// <param name="secret">True for a value that may hold a password: it is never an option default, so --help cannot show it.</param>
    /// <param name="commandLineOnly">True when neither the environment nor the file may set it (<see cref="Setting.CommandLineOnly"/>).</param>
    public TypedSetting(Option<T> option, SettingSources sources, Func<string, T>? parse, Func<T> fallback,
        Func<MigrationOptions, T, CliContext, MigrationOptions> apply, bool secret = false, bool commandLineOnly = false)
    {
        _option = option;
        _apply = apply;
        CommandLineOnly = commandLineOnly;
        if (parse is not null)
            option.CustomParser = result => ParseToken(result, parse);
        var fromSources = commandLineOnly ? fallback : () => typeof(T) == typeof(bool) ? (T)(object)sources.Flag(Key)
            : sources.Get(Key) is { } text ? ParseSource(text, parse) : fallback();
        if (secret)
            _resolve = parsed => parsed.GetResult(_option) is { Implicit: false } ? parsed.GetValue(_option)! : fromSources();
        else
            option.DefaultValueFactory = _ => fromSources();
    }

    /// <inheritdoc />
    public override Option Option => _option;

    /// <summary>The option with its value's type.</summary>
    public Option<T> Typed => _option;

    /// <summary>The value on this command line.</summary>
    public T Value(ParseResult parsed) => _resolve is { } resolve ? resolve(parsed) : parsed.GetValue(_option)!;

    /// <inheritdoc />
    public override MigrationOptions Apply(MigrationOptions options, ParseResult parsed, CliContext context) => _apply(options, Value(parsed), context);

    static T ParseToken(System.CommandLine.Parsing.ArgumentResult result, Func<string, T> parse)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        try
        {
            return parse(text);
        }
        catch (MigrateException e)
        {
            result.AddError(e.Message);
            return default!;
        }
    }

    T ParseSource(string text, Func<string, T>? parse)
    {
        if (parse is null)
            return (T)(object)text;
        try
        {
            return parse(text);
        }
        catch (MigrateException e)
        {
            throw new MigrateException(FailureKind.Usage, $"{e.Message} (from {SettingSources.EnvironmentName(Key)} or {ConfigFile.FileName})", e);
        }
    }
}
