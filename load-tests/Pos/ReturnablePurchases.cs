namespace OrleansLoyalty.LoadTests.Pos;

/// <summary>One return as it will be sent: of one acknowledged purchase, by lines or by a plain amount.</summary>
internal sealed record PlannedReturn(AcknowledgedPurchase Purchase, IReadOnlyList<ReturnLine>? Lines, decimal? Amount);

/// <summary>
/// An acknowledged purchase and what the generator has returned of it. A return is taken off what is left before it
/// is sent, so workers returning the same purchase at once never ask together for more than was bought; a return whose
/// outcome is unknown keeps its share, as it may have been applied. A purchase is returned either by lines or by
/// amount, never both: the server counts the two differently (a plain amount against the whole purchase, lines per sku).
/// </summary>
internal sealed class AcknowledgedPurchase
{
    // Below this, what is left of a purchase returned by amount goes back in one piece, so some purchases end up fully returned.
    private const decimal WholeRestBelow = 5m;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Quantity, decimal Amount)> _leftBySku;
    private decimal _leftAmount;
    private bool? _byLines;
    private int _returnsInFlight;
    private long _pointsReturned;
    private bool _refused;

    public AcknowledgedPurchase(LoadMember member, string idempotencyKey, IReadOnlyList<PurchaseLine> lines, long pointsEarned)
    {
        Member = member;
        IdempotencyKey = idempotencyKey;
        PointsEarned = pointsEarned;
        // The server adds up the lines of one sku, so they are tracked the same way.
        _leftBySku = lines.GroupBy(line => line.Sku, StringComparer.Ordinal)
            .ToDictionary(sku => sku.Key, sku => (sku.Sum(line => line.Quantity), sku.Sum(line => line.Amount)), StringComparer.Ordinal);
        _leftAmount = lines.Sum(line => line.Amount);
    }

    public LoadMember Member { get; }
    public string IdempotencyKey { get; }
    public long PointsEarned { get; }

    /// <summary>Nothing more will be returned: all of it has been, or the server refused a return of it.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _refused || _leftAmount == 0;
            }
        }
    }

    /// <summary>Plans the next return and takes it off what is left; null when the purchase is closed.</summary>
    public PlannedReturn? PlanNext(Random random)
    {
        lock (_gate)
        {
            if (_refused || _leftAmount == 0)
            {
                return null;
            }

            _byLines ??= random.Next(2) == 0;
            var planned = _byLines.Value ? PlanLines(random) : PlanAmount(random);
            _returnsInFlight++;
            return planned;
        }
    }

    /// <summary>Books the points the server says a return took back; returns what contradicts the purchase, if anything.</summary>
    public string? Acknowledge(long pointsReturned)
    {
        lock (_gate)
        {
            _returnsInFlight--;
            _pointsReturned += pointsReturned;
            return pointsReturned < 0 ? $"a return of purchase {IdempotencyKey} answered {pointsReturned} points returned"
                : _pointsReturned > PointsEarned ? $"returns of purchase {IdempotencyKey} took back {_pointsReturned} points, more than the {PointsEarned} it earned"
                : null;
        }
    }

    /// <summary>A refused return changed nothing; the purchase is returned no further, as the server no longer agrees on what is left.</summary>
    public void Refuse()
    {
        lock (_gate)
        {
            _returnsInFlight--;
            _refused = true;
        }
    }

    /// <summary>
    /// Returning a whole purchase, in any number of parts, takes back exactly what it earned. Checked once every return of
    /// it was acknowledged; null when that holds or cannot be told.
    /// </summary>
    public string? FullReturnContradiction()
    {
        lock (_gate)
        {
            return ReturnedInFull && _pointsReturned != PointsEarned
                ? $"purchase {IdempotencyKey} was returned in full {(_byLines == true ? "by lines" : "by amount")}, which took back {_pointsReturned} points, but it earned {PointsEarned}"
                : null;
        }
    }

    public bool IsReturnedInFull
    {
        get
        {
            lock (_gate)
            {
                return ReturnedInFull;
            }
        }
    }

    /// <summary>All of it was sent back and every one of those returns was acknowledged; read under the lock.</summary>
    private bool ReturnedInFull => _leftAmount == 0 && !_refused && _returnsInFlight == 0;

    /// <summary>One or two skus with something left, each one unit of it; the last unit of a sku refunds exactly what is left of it.</summary>
    private PlannedReturn PlanLines(Random random)
    {
        var open = _leftBySku.Where(sku => sku.Value.Quantity > 0).Select(sku => sku.Key).Order(StringComparer.Ordinal).ToList();
        var lines = new List<ReturnLine>();
        foreach (var sku in open.OrderBy(_ => random.Next()).Take(random.Next(1, 3)))
        {
            var (quantity, amount) = _leftBySku[sku];
            // Rounded down, so the units refunded before the last never add up to more than the sku's lines.
            var refund = quantity == 1 ? amount : decimal.Round(amount / quantity, 2, MidpointRounding.ToZero);
            _leftBySku[sku] = (quantity - 1, amount - refund);
            _leftAmount -= refund;
            lines.Add(new ReturnLine(sku, 1, refund));
        }

        return new PlannedReturn(this, lines, Amount: null);
    }

    /// <summary>A fifth to three fifths of what is left, in cents, or all of it once little is left.</summary>
    private PlannedReturn PlanAmount(Random random)
    {
        var refund = _leftAmount <= WholeRestBelow
            ? _leftAmount
            : Math.Max(0.01m, decimal.Round(_leftAmount * (0.2m + (0.4m * (decimal)random.NextDouble())), 2, MidpointRounding.ToZero));
        _leftAmount -= refund;
        return new PlannedReturn(this, Lines: null, refund);
    }
}

/// <summary>The acknowledged purchases that still have something to return, shared by every worker.</summary>
internal sealed class ReturnablePurchases
{
    private readonly Lock _gate = new();
    private readonly List<AcknowledgedPurchase> _open = [];
    private readonly HashSet<AcknowledgedPurchase> _returned = [];

    public void Add(AcknowledgedPurchase purchase)
    {
        lock (_gate)
        {
            _open.Add(purchase);
        }
    }

    /// <summary>Plans a return of a random open purchase; null when none is open.</summary>
    public PlannedReturn? PlanReturn(Random random)
    {
        lock (_gate)
        {
            while (_open.Count > 0)
            {
                var index = random.Next(_open.Count);
                var purchase = _open[index];
                var planned = purchase.PlanNext(random);
                if (purchase.IsClosed)
                {
                    // Order does not matter here: swap the last one in rather than shift the list.
                    _open[index] = _open[^1];
                    _open.RemoveAt(_open.Count - 1);
                }

                if (planned is not null)
                {
                    _returned.Add(purchase);
                    return planned;
                }
            }

            return null;
        }
    }

    /// <summary>How many purchases had a return, how many were returned in full, and what contradicts a full return.</summary>
    public (int WithReturns, int ReturnedInFull, IReadOnlyList<string> Contradictions) Tally()
    {
        lock (_gate)
        {
            return (_returned.Count, _returned.Count(p => p.IsReturnedInFull),
                _returned.Select(p => p.FullReturnContradiction()).OfType<string>().ToList());
        }
    }
}
