package dev.jrun.registry;

import dev.jrun.JrunException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A username and password (or identity token) for one registry. */
public record Credentials(String username, String password) {
    public Credentials {
        if (username == null || password == null) {
            throw new JrunException("credentials need a username and a password");
        }
    }

    /** The value of docker's config.json {@code auth} field and of a Basic Authorization header. */
    public String base64() {
        return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public String basicHeader() {
        return "Basic " + base64();
    }

    /** Decodes a config.json {@code auth} field; the error names where it came from. */
    public static Credentials fromBase64(String auth, String where) {
        String text;
        try {
            text = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new JrunException("invalid auth for " + where + ": not base64");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new JrunException("invalid auth for " + where + ": want base64(user:password)");
        }
        return new Credentials(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", ****]";
    }
}
