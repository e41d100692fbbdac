package dev.bulk2.auth;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;

/** Test keys generated at test time, and the PEM, DER and key store files made from them. */
final class TestKeys {
    static final KeyPair RSA = generate("RSA", 2048);
    static final KeyPair OTHER_RSA = generate("RSA", 2048);

    private TestKeys() {
    }

    static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    /** PKCS#8 "PRIVATE KEY" PEM. */
    static String pkcs8Pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** PKCS#1 "RSA PRIVATE KEY" PEM: the OCTET STRING inside the PKCS#8 PrivateKeyInfo. */
    static String pkcs1Pem(PrivateKey key) {
        return pem("RSA PRIVATE KEY", pkcs1(key.getEncoded()));
    }

    /** The base64 body of a key's PKCS#8 PEM, without line breaks: what must never leak. */
    static String base64(PrivateKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    static byte[] pkcs1(byte[] pkcs8) {
        int[] outer = tlv(pkcs8, 0);                 // SEQUENCE
        int[] version = tlv(pkcs8, outer[1]);        // INTEGER 0
        int[] alg = tlv(pkcs8, version[1] + version[2]); // AlgorithmIdentifier
        int[] octets = tlv(pkcs8, alg[1] + alg[2]);  // OCTET STRING
        if (pkcs8[alg[1] + alg[2]] != 0x04) {
            throw new IllegalStateException("not PKCS#8");
        }
        return Arrays.copyOfRange(pkcs8, octets[1], octets[1] + octets[2]);
    }

    /** {tag, contentStart, contentLength} of the DER element at offset. */
    private static int[] tlv(byte[] der, int offset) {
        int tag = der[offset] & 0xff;
        int len = der[offset + 1] & 0xff;
        int start = offset + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (der[start + i] & 0xff);
            }
            start += n;
        }
        return new int[] {tag, start, len};
    }

    static Path write(Path dir, String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.US_ASCII);
        return p;
    }

    static Path keyStore(Path dir, String name, String type, String alias, KeyPair pair, char[] password)
            throws Exception {
        KeyStore ks = KeyStore.getInstance(type);
        ks.load(null, null);
        ks.setKeyEntry(alias, pair.getPrivate(), password, new Certificate[] {selfSigned(pair)});
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p)) {
            ks.store(out, password);
        }
        return p;
    }

    // --- a minimal self-signed X.509 certificate, DER by hand (no BouncyCastle, no sun.* APIs) ---

    static X509Certificate selfSigned(KeyPair pair) throws Exception {
        boolean rsa = pair.getPrivate().getAlgorithm().equals("RSA");
        byte[] algId = rsa ? seq(oid("1.2.840.113549.1.1.11"), new byte[] {0x05, 0x00})
                : seq(oid("1.2.840.10045.4.3.2"));
        byte[] name = seq(set(seq(oid("2.5.4.3"), tlv(0x0c, "bulk2 test".getBytes(StandardCharsets.UTF_8)))));
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
        byte[] validity = seq(tlv(0x17, f.format(now.minusDays(1)).getBytes(StandardCharsets.US_ASCII)),
                tlv(0x17, f.format(now.plusYears(1)).getBytes(StandardCharsets.US_ASCII)));
        PublicKey pub = pair.getPublic();
        byte[] tbs = seq(tlv(0xa0, tlv(0x02, new byte[] {2})), tlv(0x02, BigInteger.valueOf(4242).toByteArray()),
                algId, name, validity, name, pub.getEncoded());
        Signature s = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
        s.initSign(pair.getPrivate());
        s.update(tbs);
        byte[] sig = s.sign();
        byte[] bits = new byte[sig.length + 1];
        System.arraycopy(sig, 0, bits, 1, sig.length);
        byte[] cert = seq(tbs, algId, tlv(0x03, bits));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(cert));
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long v = Long.parseLong(arcs[i]);
            int groups = 1;
            while ((v >>> (7 * groups)) != 0) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                int b = (int) ((v >>> (7 * g)) & 0x7f);
                out.write(g == 0 ? b : b | 0x80);
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len <= 0xff) {
            out.write(0x81);
            out.write(len);
        } else {
            out.write(0x82);
            out.write(len >>> 8);
            out.write(len & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
