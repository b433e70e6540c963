namespace MySocium.Gdpr.Erasure;

/// <summary>What erasing a subject does to the rows of an entity that reference it.</summary>
public enum ErasureAction
{
    /// <summary>The rows belong to the subject and are deleted. The default.</summary>
    Delete = 0,

    /// <summary>The rows belong to someone else and only stop referencing the subject: the foreign key is set to null.</summary>
    Detach = 1,

    /// <summary>
    /// The rows must be kept (an invoice, for tax law): they stop referencing the subject and their
    /// personal data is replaced by neutral values (null, or empty and zero where null is not allowed).
    /// The reason is recorded in the plan and in every receipt.
    /// </summary>
    Retain = 2,
}
