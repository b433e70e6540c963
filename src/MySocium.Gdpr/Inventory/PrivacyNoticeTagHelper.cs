using Microsoft.AspNetCore.Razor.TagHelpers;

namespace MySocium.Gdpr.Inventory;

/// <summary>
/// Renders the privacy notice's "what we store" section from the inventory, <c>&lt;gdpr-privacy-notice /&gt;</c>:
/// per entity, each item with why, on what basis, who else receives it and how it is protected, then the cookies.
/// Generated from the model, it says what the code stores.
/// </summary>
[HtmlTargetElement("gdpr-privacy-notice", TagStructure = TagStructure.WithoutEndTag)]
public sealed class PrivacyNoticeTagHelper(IPersonalDataInventory inventory) : TagHelper
{
    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.TagName = null;
        output.Content.SetHtmlContent(inventory.Describe().ToHtml());
    }
}
