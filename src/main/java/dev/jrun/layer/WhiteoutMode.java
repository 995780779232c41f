package dev.jrun.layer;

/** What the unpacker does with whiteout entries. */
public enum WhiteoutMode {
    /** For an overlay lower dir: 0/0 char devices and {@code trusted.overlay.opaque=y} (needs root). */
    OVERLAY("trusted.overlay.opaque"),
    /** For an overlay mounted with {@code userxattr} (rootless): {@code user.overlay.opaque=y}. */
    OVERLAY_USERXATTR("user.overlay.opaque"),
    /** For flattening layers into one plain directory: delete what the whiteout hides. */
    DELETE(null);

    private final String opaqueXattr;

    WhiteoutMode(String opaqueXattr) {
        this.opaqueXattr = opaqueXattr;
    }

    /** The xattr that marks an opaque directory, or null in DELETE mode. */
    public String opaqueXattr() {
        return opaqueXattr;
    }
}
