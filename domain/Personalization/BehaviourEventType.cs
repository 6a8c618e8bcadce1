namespace OrleansLoyalty.Domain.Personalization;

/// <summary>
/// The behavioural events an app or website reports, by wire name. A product view or an add-to-cart names its
/// product (a SKU, a category when the shop knows it): those are what browsing says about favourite categories. A
/// search carries its query; an app open nothing more.
/// </summary>
public static class BehaviourEventType
{
    public const string ProductView = "product_view";
    public const string AddToCart = "add_to_cart";
    public const string Search = "search";
    public const string AppOpen = "app_open";

    public static readonly IReadOnlyList<string> All = [ProductView, AddToCart, Search, AppOpen];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type);

    /// <summary>Whether events of <paramref name="type"/> name a product (SKU required, category optional).</summary>
    public static bool NamesProduct(string type) => type is ProductView or AddToCart;

    /// <summary>Whether events of <paramref name="type"/> carry a search query (required).</summary>
    public static bool CarriesQuery(string type) => type is Search;
}

/// <summary>How often a member looked at products of one category, and put one in the cart.</summary>
public sealed record CategoryBrowsing(string Category, int Views, int AddsToCart);
