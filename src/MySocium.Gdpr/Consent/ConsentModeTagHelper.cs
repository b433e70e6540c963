using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace MySocium.Gdpr.Consent;

/// <summary>
/// Renders Google Consent Mode v2's <c>default</c> command from the server-side decision,
/// <c>&lt;gdpr-consent-mode /&gt;</c>, for hosts that use Google tags: place it in <c>&lt;head&gt;</c>
/// before them. The banner's script sends the <c>update</c> command when the visitor decides.
/// </summary>
[HtmlTargetElement("gdpr-consent-mode", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ConsentModeTagHelper : TagHelper
{
    /// <summary>Gets or sets the request, which Razor sets.</summary>
    [HtmlAttributeNotBound]
    [Microsoft.AspNetCore.Mvc.ViewFeatures.ViewContext]
    public Microsoft.AspNetCore.Mvc.Rendering.ViewContext ViewContext { get; set; } = null!;

    /// <summary>Gets or sets the Content-Security-Policy nonce of the inline script, if the host uses one.</summary>
    public string? Nonce { get; set; }

    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var signals = JsonSerializer.Serialize(GoogleConsentModeSignals.Of(ViewContext.HttpContext.GetConsent()), ConsentJson.Default.IReadOnlyDictionaryStringString);
        output.TagName = "script";
        output.TagMode = TagMode.StartTagAndEndTag;
        if (Nonce is not null)
        {
            output.Attributes.SetAttribute("nonce", HtmlEncoder.Default.Encode(Nonce));
        }

        output.Content.SetHtmlContent(
            $"window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag('consent','default',{signals});");
    }
}
