using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace MySocium.Gdpr.Notifications;

/// <summary>
/// The text of the library's mail, in English. Override a method to change a message or to write it
/// in the recipient's language (the culture is given), and register the subclass with
/// <c>UseNotificationTemplates&lt;T&gt;()</c>. Values reach the HTML bodies HTML-encoded.
/// </summary>
public class GdprNotificationTemplates
{
    /// <summary>Writes an account-activity mail: what happened, when, from which network, and what to do if it was not the owner.</summary>
    /// <param name="mail">The activity and its context.</param>
    /// <returns>The subject and both bodies.</returns>
    public virtual GdprMailContent AccountActivity(GdprAccountActivityMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var activity = mail.Activity;
        var service = mail.ServiceName;
        var (subject, what) = activity.Kind switch
        {
            GdprAccountActivityKind.AccountCreated => ($"Your account at {service} was created", $"An account at {service} was created with this email address."),
            GdprAccountActivityKind.PasswordChanged => ($"Your password at {service} was changed", $"The password of your account at {service} was changed."),
            GdprAccountActivityKind.EmailChanged when mail.ToPreviousAddress => (
                $"The email address of your account at {service} was changed",
                $"The email address of your account at {service} was changed from this address to another one; mail about the account goes there from now on."),
            GdprAccountActivityKind.EmailChanged => ($"The email address of your account at {service} was changed", $"Your account at {service} now uses this email address."),
            GdprAccountActivityKind.ErasureCompleted => (
                $"Your account at {service} was erased",
                $"Your account at {service} and the data it held were erased. We will not mail this address again unless you sign up anew."),
            GdprAccountActivityKind.ExportReady => ($"Your data from {service} is ready", $"The export of your data from {service} you asked for is ready."),
            GdprAccountActivityKind.RegistrationAttempted => (
                $"Someone tried to sign up at {service} with this address",
                $"Someone tried to create an account at {service} with this email address, which already has one. Nothing about your account changed; if it was you, log in instead."),
            _ => throw new ArgumentOutOfRangeException(nameof(mail), activity.Kind, "Not an account activity."),
        };
        var when = mail.OccurredAt.ToUniversalTime().ToString("dddd d MMMM yyyy, HH:mm 'UTC'", mail.Culture);
        var facts = new List<string> { $"When: {when}" };
        if (mail.Network is not null)
        {
            facts.Add($"From: the network {mail.Network} (the IP address, shortened)");
        }

        var advice = activity.Kind == GdprAccountActivityKind.ErasureCompleted
            ? "If you did not ask for this, reply to this message at once."
            : activity.Kind == GdprAccountActivityKind.RegistrationAttempted
                ? "If this wasn't you, you need not do anything."
            : mail.SecurityUrl is { } security
                ? $"If this wasn't you, secure your account now: {security}"
                : "If this wasn't you, change your password now and reply to this message.";
        return Compose(subject, activity.Name, [what, .. facts], activity.Link, advice, mail.Culture);
    }

    /// <summary>Writes the notice of a new privacy-policy version: its summary, when it takes effect, and where to read it.</summary>
    /// <param name="mail">The version and its context.</param>
    /// <returns>The subject and both bodies.</returns>
    public virtual GdprMailContent PolicyUpdate(GdprPolicyUpdateMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var effective = mail.Policy.EffectiveAt.ToUniversalTime().ToString("d MMMM yyyy", mail.Culture);
        return Compose(
            $"We are updating our privacy policy ({mail.ServiceName})",
            null,
            [$"Our privacy policy changes on {effective} (version {mail.Policy.Version}).", mail.Policy.Summary],
            mail.PolicyUrl,
            "You do not need to do anything; if you disagree with the change, you may close your account.",
            mail.Culture);
    }

    /// <summary>Adds the unsubscribe link to the end of a bulk message's bodies.</summary>
    /// <param name="content">The message as the host wrote it.</param>
    /// <param name="unsubscribeUrl">The address that unsubscribes the recipient.</param>
    /// <param name="culture">The culture to write in.</param>
    /// <returns>The message with the link.</returns>
    public virtual GdprMailContent AddUnsubscribeFooter(GdprMailContent content, Uri unsubscribeUrl, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(unsubscribeUrl);
        var link = unsubscribeUrl.AbsoluteUri;
        return content with
        {
            TextBody = $"{content.TextBody}\n\n--\nYou get this because you asked to. Unsubscribe: {link}\n",
            HtmlBody = $"{content.HtmlBody}\n<hr><p>You get this because you asked to. <a href=\"{HtmlEncoder.Default.Encode(link)}\">Unsubscribe</a></p>\n",
        };
    }

    /// <summary>A greeting, paragraphs, an optional link and a closing line, as plain text and as HTML.</summary>
    private static GdprMailContent Compose(string subject, string? name, IReadOnlyList<string> paragraphs, Uri? link, string closing, CultureInfo culture)
    {
        var greeting = string.IsNullOrWhiteSpace(name) ? "Hello," : $"Hello {Outbox.OneLine(name)},";
        var text = new StringBuilder().Append(greeting).Append("\n\n");
        var html = new StringBuilder().Append("<!DOCTYPE html><html lang=\"").Append(HtmlEncoder.Default.Encode(culture.Name.Length == 0 ? "en" : culture.Name))
            .Append("\"><body><p>").Append(HtmlEncoder.Default.Encode(greeting)).Append("</p>\n");
        foreach (var paragraph in paragraphs)
        {
            text.Append(paragraph).Append('\n');
            html.Append("<p>").Append(HtmlEncoder.Default.Encode(paragraph)).Append("</p>\n");
        }

        if (link is not null)
        {
            text.Append('\n').Append(link.AbsoluteUri).Append('\n');
            var href = HtmlEncoder.Default.Encode(link.AbsoluteUri);
            html.Append("<p><a href=\"").Append(href).Append("\">").Append(href).Append("</a></p>\n");
        }

        text.Append('\n').Append(closing).Append('\n');
        html.Append("<p>").Append(HtmlEncoder.Default.Encode(closing)).Append("</p></body></html>\n");
        return new GdprMailContent(subject, text.ToString(), html.ToString());
    }
}
