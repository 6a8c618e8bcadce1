using System.Globalization;

namespace OrleansLoyalty.LoadTests.Pos;

internal enum PosOperation
{
    Lookup,
    Purchase,
    Redeem,
}

/// <summary>Relative weights of the POS operations, e.g. <c>lookup=70,purchase=20,redeem=10</c>.</summary>
internal sealed class OperationMix
{
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

    public static OperationMix Parse(string spec)
    {
        var weights = new Dictionary<PosOperation, int>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !TryParseOperation(pieces[0], out var operation)
                || !int.TryParse(pieces[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var weight) || weight < 0)
            {
                throw new FormatException($"'{part}' is not operation=weight with operation lookup, purchase or redeem");
            }

            weights[operation] = weight;
        }

        return weights.Values.Sum() > 0 ? new OperationMix(weights) : throw new FormatException("the weights add up to zero");
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
        foreach (var candidate in Enum.GetValues<PosOperation>())
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
