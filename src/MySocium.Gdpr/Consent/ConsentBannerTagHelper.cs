using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Options;

namespace MySocium.Gdpr.Consent;

/// <summary>
/// Renders the consent banner, <c>&lt;gdpr-consent-banner /&gt;</c>: one checkbox per optional
/// category, and "Reject all", "Save choices" and "Accept all" buttons of equal weight. It is hidden
/// while the visitor's decision is current; an element with <c>data-gdpr-consent-open</c> opens it
/// again. Its script is served by <c>MapMySociumGdpr()</c>; the markup carries CSS class names
/// (<c>gdpr-consent</c>…) for the host to style.
/// </summary>
[HtmlTargetElement("gdpr-consent-banner", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ConsentBannerTagHelper(IOptions<GdprOptions> options) : TagHelper
{
    /// <summary>Gets or sets the request, which Razor sets.</summary>
    [HtmlAttributeNotBound]
    [Microsoft.AspNetCore.Mvc.ViewFeatures.ViewContext]
    public Microsoft.AspNetCore.Mvc.Rendering.ViewContext ViewContext { get; set; } = null!;

    /// <summary>Gets or sets the banner's heading.</summary>
    /// <value>The default value is <c>Cookies</c>.</value>
    public string Heading { get; set; } = "Cookies";

    /// <summary>Gets or sets the banner's text.</summary>
    public string Text { get; set; } =
        "We use necessary cookies to run this site. With your consent we also use the cookies below; you can change your mind at any time.";

    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var consent = ViewContext.HttpContext.GetConsent();
        var html = HtmlEncoder.Default;
        var prefix = options.Value.RoutePrefix;
        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("id", "gdpr-consent");
        output.Attributes.SetAttribute("class", "gdpr-consent");
        output.Attributes.SetAttribute("role", "dialog");
        output.Attributes.SetAttribute("aria-labelledby", "gdpr-consent-heading");
        output.Attributes.SetAttribute("data-endpoint", prefix + "/consent");
        if (!consent.NeedsDecision)
        {
            output.Attributes.SetAttribute("hidden", "hidden");
        }

        var content = output.Content;
        content.AppendHtml($"<h2 id=\"gdpr-consent-heading\">{html.Encode(Heading)}</h2><p>{html.Encode(Text)}</p>");
        if (consent.GlobalPrivacyControl)
        {
            content.AppendHtml("<p class=\"gdpr-consent-gpc\">Your browser sends Global Privacy Control: the categories it refuses stay off unless you tick them.</p>");
        }

        content.AppendHtml("<fieldset class=\"gdpr-consent-categories\">");
        foreach (var category in consent.Categories)
        {
            var required = category == ConsentCategories.Necessary;
            var ticked = consent.IsGranted(category) && (required || !consent.NeedsDecision);
            content.AppendHtml(
                $"<label><input type=\"checkbox\" name=\"category\" value=\"{html.Encode(category)}\"{(ticked ? " checked" : "")}{(required ? " disabled" : "")}> {html.Encode(category)}</label>");
        }

        content.AppendHtml(
            "</fieldset><div class=\"gdpr-consent-actions\">"
            + "<button type=\"button\" class=\"gdpr-consent-button\" data-gdpr-consent=\"reject\">Reject all</button>"
            + "<button type=\"button\" class=\"gdpr-consent-button\" data-gdpr-consent=\"save\">Save choices</button>"
            + "<button type=\"button\" class=\"gdpr-consent-button\" data-gdpr-consent=\"accept\">Accept all</button></div>");
        output.PostElement.AppendHtml($"<script src=\"{html.Encode(prefix)}/consent.js\" defer></script>");
    }
}
