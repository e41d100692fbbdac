package dev.bulk2.auth.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.interfaces.RSAKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads RSA private keys from PEM (PKCS#8 {@code PRIVATE KEY} and PKCS#1 {@code RSA PRIVATE KEY}) and from key
 * stores (PKCS12, JKS), with errors that name the problem and never contain key material. Not part of the
 * supported API.
 */
public final class PrivateKeys {
    /** Salesforce and Nimbus require RSA keys of at least 2048 bits for RS256. */
    public static final int MIN_RSA_BITS = 2048;

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** DER of AlgorithmIdentifier {rsaEncryption, NULL}. */
    private static final byte[] RSA_ALGORITHM_ID = {
        0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };

    private PrivateKeys() {
    }

    /**
     * Reads an RSA private key from a PEM file.
     *
     * @param pemFile the file
     * @return the key
     * @throws IllegalArgumentException if the file cannot be read or holds no usable RSA private key
     */
    public static PrivateKey fromPemFile(Path pemFile) {
        String text;
        try {
            // ISO-8859-1 maps every byte, so a binary (DER) file reaches the "not PEM" message below
            text = new String(Files.readAllBytes(pemFile), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Private key file " + pemFile + " does not exist.", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read private key file " + pemFile + ": " + e.getMessage(), e);
        }
        return fromPem(text, "private key file " + pemFile);
    }

    /**
     * Reads an RSA private key from PEM text; the first private key block wins, certificates around it are
     * ignored.
     *
     * @param pem the PEM text
     * @param source what the text came from, for messages (e.g. {@code private key file /x/server.key})
     * @return the key
     * @throws IllegalArgumentException if the text holds no usable RSA private key
     */
    public static PrivateKey fromPem(String pem, String source) {
        Matcher m = PEM_BLOCK.matcher(pem);
        List<String> seen = new ArrayList<>();
        while (m.find()) {
            String type = m.group(1).trim();
            String body = m.group(2);
            switch (type) {
                case "PRIVATE KEY":
                    return checkRsa(pkcs8(decode(body, source, type), source, type), source);
                case "RSA PRIVATE KEY":
                    if (body.contains("Proc-Type:") || body.contains("DEK-Info:")) {
                        throw encrypted(source);
                    }
                    return checkRsa(pkcs8(wrapPkcs1(decode(body, source, type)), source, type), source);
                case "ENCRYPTED PRIVATE KEY":
                    throw encrypted(source);
                case "EC PRIVATE KEY":
                case "DSA PRIVATE KEY":
                case "OPENSSH PRIVATE KEY":
                    throw new IllegalArgumentException("The " + source + " holds an " + type + " block; Salesforce's "
                            + "JWT bearer flow needs an RSA key (RS256). Generate one with: openssl genpkey "
                            + "-algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out server.key");
                default:
                    seen.add(type);
            }
        }
        if (seen.isEmpty()) {
            throw new IllegalArgumentException("The " + source + " is not PEM: no '-----BEGIN PRIVATE KEY-----' or "
                    + "'-----BEGIN RSA PRIVATE KEY-----' block found. A binary DER key can be converted with: "
                    + "openssl pkey -inform DER -in server.der -out server.key");
        }
        throw new IllegalArgumentException("The " + source + " holds no private key, only " + seen
                + " blocks; give the file with the private key (PRIVATE KEY or RSA PRIVATE KEY), not the "
                + "certificate.");
    }

    /**
     * Reads an RSA private key from a key store file.
     *
     * @param file the key store file
     * @param type the key store type, e.g. {@code PKCS12} or {@code JKS}
     * @param alias the entry's alias
     * @param password the store password, also used for the key entry
     * @return the key
     * @throws IllegalArgumentException if the store cannot be opened or the entry is not a usable RSA key
     */
    public static PrivateKey fromKeyStoreFile(Path file, String type, String alias, char[] password) {
        KeyStore ks;
        try {
            ks = KeyStore.getInstance(type);
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("Unknown key store type '" + type + "'; use PKCS12 or JKS.", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Key store file " + file + " does not exist.", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("Wrong password for key store " + file + " (" + type + ").", e);
            }
            throw new IllegalArgumentException("Cannot read key store " + file + " as " + type
                    + ": it is corrupt, or of another type (PKCS12 or JKS?), or the password is wrong.", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read key store " + file + " as " + type + ": "
                    + e.getMessage(), e);
        }
        return fromKeyStore(ks, alias, password, "key store " + file);
    }

    /**
     * Reads an RSA private key from a loaded key store.
     *
     * @param ks the key store
     * @param alias the entry's alias
     * @param password the key entry's password
     * @param source what the store is, for messages
     * @return the key
     * @throws IllegalArgumentException if the entry is missing, not a private key, or not a usable RSA key
     */
    public static PrivateKey fromKeyStore(KeyStore ks, String alias, char[] password, String source) {
        Key key;
        try {
            if (!ks.containsAlias(alias)) {
                List<String> aliases = Collections.list(ks.aliases());
                Collections.sort(aliases);
                throw new IllegalArgumentException("The " + source + " has no entry with alias '" + alias
                        + "'; its aliases are " + aliases + ".");
            }
            if (!ks.isKeyEntry(alias)) {
                throw new IllegalArgumentException("The entry '" + alias + "' of the " + source
                        + " is a certificate, not a private key.");
            }
            key = ks.getKey(alias, password);
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("Wrong password for the private key entry '" + alias + "' of the "
                    + source + ".", e);
        } catch (KeyStoreException e) {
            throw new IllegalArgumentException("The " + source + " is not loaded: call KeyStore.load first.", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("Cannot recover the key '" + alias + "' of the " + source + ": "
                    + e.getMessage(), e);
        }
        if (!(key instanceof PrivateKey)) {
            throw new IllegalArgumentException("The entry '" + alias + "' of the " + source
                    + " is a secret key, not a private key.");
        }
        return checkRsa((PrivateKey) key, source + " entry '" + alias + "'");
    }

    /**
     * Checks that a key is an RSA private key of at least {@link #MIN_RSA_BITS} bits.
     *
     * @param key the key
     * @param source what it came from, for messages
     * @return the key
     * @throws IllegalArgumentException if it is not
     */
    public static PrivateKey checkRsa(PrivateKey key, String source) {
        if (!"RSA".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("The " + source + " is an " + key.getAlgorithm()
                    + " key; Salesforce's JWT bearer flow needs an RSA key (RS256).");
        }
        if (key instanceof RSAKey && ((RSAKey) key).getModulus().bitLength() < MIN_RSA_BITS) {
            throw new IllegalArgumentException("The " + source + " is a " + ((RSAKey) key).getModulus().bitLength()
                    + "-bit RSA key; RS256 needs at least " + MIN_RSA_BITS + " bits.");
        }
        return key;
    }

    private static IllegalArgumentException encrypted(String source) {
        return new IllegalArgumentException("The " + source + " is encrypted (password-protected PEM), which is "
                + "not supported. Decrypt it (openssl pkey -in encrypted.key -out server.key) and protect the file "
                + "instead, or put the key in a PKCS12 key store and use keyStore(...).");
    }

    private static byte[] decode(String body, String source, String type) {
        String b64 = body.replaceAll("\\s+", "");
        try {
            byte[] der = Base64.getDecoder().decode(b64);
            if (der.length == 0) {
                throw new IllegalArgumentException("empty");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw corrupt(source, type, null);
        }
    }

    private static PrivateKey pkcs8(byte[] der, String source, String type) {
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (InvalidKeySpecException e) {
            for (String alg : new String[] {"EC", "Ed25519", "Ed448", "DSA", "XDH"}) {
                try {
                    KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                    throw new IllegalArgumentException("The " + source + " holds an " + alg + " key; Salesforce's "
                            + "JWT bearer flow needs an RSA key (RS256).");
                } catch (GeneralSecurityException ignored) {
                    // not this algorithm either
                }
            }
            throw corrupt(source, type, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no RSA KeyFactory", e);
        }
    }

    private static IllegalArgumentException corrupt(String source, String type, Throwable cause) {
        return new IllegalArgumentException("The " + source + " has a corrupt " + type + " block (its base64 or DER "
                + "content is damaged or truncated); export the key again.", cause);
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo: SEQUENCE {0, rsaEncryption, OCTET STRING}. */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream(pkcs1.length + 32);
        content.write(0x02);
        content.write(0x01);
        content.write(0x00);
        content.writeBytes(RSA_ALGORITHM_ID);
        content.write(0x04);
        writeLength(content, pkcs1.length);
        content.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.size() + 8);
        out.write(0x30);
        writeLength(out, content.size());
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int len) {
        if (len < 0x80) {
            out.write(len);
            return;
        }
        int bytes = len > 0xFFFFFF ? 4 : len > 0xFFFF ? 3 : len > 0xFF ? 2 : 1;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((len >>> (8 * i)) & 0xFF);
        }
    }
}
