using System.Globalization;

namespace OrleansLoyalty.LoadTests.Pos;

internal enum PosOperation
{
    Lookup,
    Purchase,
    Redeem,

    /// <summary>Part of an earlier acknowledged purchase comes back: by lines, or as a plain amount.</summary>
    Return,

    /// <summary>A catalogue reward bought with points, answered with a single-use code.</summary>
    Reward,

    /// <summary>The till uses a code a reward redemption issued: a follow-up of <see cref="Reward"/>, never drawn from the mix.</summary>
    Consume,
}

/// <summary>Relative weights of the POS operations, e.g. <c>lookup=70,purchase=20,redeem=10</c>.</summary>
internal sealed class OperationMix
{
    /// <summary>The operations a mix can weigh; <see cref="PosOperation.Consume"/> only ever follows a reward.</summary>
    public static readonly IReadOnlyList<PosOperation> Drawable =
        [PosOperation.Lookup, PosOperation.Purchase, PosOperation.Redeem, PosOperation.Return, PosOperation.Reward];

    private readonly int[] _cumulativeWeights;
    private readonly int _totalWeight;

    private OperationMix(IReadOnlyDictionary<PosOperation, int> weights)
    {
        Weights = weights;
        _cumulativeWeights = new int[Enum.GetValues<PosOperation>().Length];
        foreach (var operation in Enum.GetValues<PosOperation>())
        {
            _totalWeight += weights.GetValueOrDefault(operation);
            _cumulativeWeights[(int)operation] = _totalWeight;
        }
    }

    public IReadOnlyDictionary<PosOperation, int> Weights { get; }

    public bool IsLookupOnly => Weights.All(w => w.Key == PosOperation.Lookup || w.Value == 0);

    public bool Includes(PosOperation operation) => Weights.GetValueOrDefault(operation) > 0;

    /// <summary>Whether a run with this mix sends <paramref name="operation"/>: drawn from the mix, or following one that is.</summary>
    public bool Sends(PosOperation operation) =>
        operation == PosOperation.Consume ? Includes(PosOperation.Reward) : Includes(operation);

    public static OperationMix Parse(string spec)
    {
        var weights = new Dictionary<PosOperation, int>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !TryParseOperation(pieces[0], out var operation)
                || !int.TryParse(pieces[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var weight) || weight < 0)
            {
                throw new FormatException($"'{part}' is not operation=weight with operation {string.Join(", ", Drawable.Select(Name))}");
            }

            weights[operation] = weight;
        }

        var mix = weights.Values.Sum() > 0 ? new OperationMix(weights) : throw new FormatException("the weights add up to zero");
        // A return is drawn again when no purchase is left to return; without purchases every draw would be redrawn.
        return mix.Includes(PosOperation.Return) && !mix.Includes(PosOperation.Purchase)
            ? throw new FormatException("return takes back acknowledged purchases: give purchase a weight too")
            : mix;
    }

    public PosOperation Pick(Random random)
    {
        var ticket = random.Next(_totalWeight);
        var operation = 0;
        while (ticket >= _cumulativeWeights[operation])
        {
            operation++;
        }

        return (PosOperation)operation;
    }

    public override string ToString() =>
        string.Join(',', Weights.Where(w => w.Value > 0).OrderBy(w => w.Key).Select(w => $"{Name(w.Key)}={w.Value}"));

    public static string Name(PosOperation operation) => operation.ToString().ToLowerInvariant();

    private static bool TryParseOperation(string name, out PosOperation operation)
    {
        foreach (var candidate in Drawable)
        {
            if (string.Equals(Name(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                operation = candidate;
                return true;
            }
        }

        operation = default;
        return false;
    }
}
