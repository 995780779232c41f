package dev.jrun.layer;

/** One entry of a layer tar was refused (unsafe path, bad link) or could not be written. */
public class LayerEntryException extends LayerException {
    private static final long serialVersionUID = 1L;
    private final String entry;

    public LayerEntryException(String entry, String reason) {
        super("layer entry '" + entry + "': " + reason);
        this.entry = entry;
    }

    public LayerEntryException(String entry, String reason, Throwable cause) {
        super("layer entry '" + entry + "': " + reason, cause);
        this.entry = entry;
    }

    /** The entry's name as the tar spells it. */
    public String entry() {
        return entry;
    }
}
