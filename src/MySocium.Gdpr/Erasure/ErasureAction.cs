namespace MySocium.Gdpr.Erasure;

/// <summary>What erasing a subject does to the rows of an entity that reference it.</summary>
public enum ErasureAction
{
    /// <summary>The rows belong to the subject and are deleted. The default.</summary>
    Delete = 0,

    /// <summary>The rows belong to someone else and only stop referencing the subject: the foreign key is set to null.</summary>
    Detach = 1,
}
