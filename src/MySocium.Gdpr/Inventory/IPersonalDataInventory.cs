namespace MySocium.Gdpr;

/// <summary>Describes everything the application stores about people, from the model it runs with.</summary>
public interface IPersonalDataInventory
{
    /// <summary>Builds the inventory of the store context's model and the library's settings.</summary>
    /// <returns>The inventory; the same for the same model and settings.</returns>
    PersonalDataInventory Describe();
}
