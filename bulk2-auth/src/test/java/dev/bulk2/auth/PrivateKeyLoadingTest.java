package dev.bulk2.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every key source signs an assertion the matching public key verifies; every bad key fails clearly at build(). */
class PrivateKeyLoadingTest {
    static final char[] PASSWORD = "changeit-Pw1".toCharArray();
    static final KeyPair EC = TestKeys.generate("EC", 256);

    @TempDir
    Path dir;
    MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    JwtBearerAuth.Builder builder() {
        return JwtBearerAuth.builder().loginUrl(URI.create("http://127.0.0.1:" + server.getPort())).clientId("id").username("u@example.com");
    }

    /** Builds with the key source, fetches a token and verifies the assertion with the RSA public key. */
    void assertSignsWithTestKey(UnaryOperator<JwtBearerAuth.Builder> keySource) throws Exception {
        server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
                .setBody("{\"access_token\":\"t\"}"));
        keySource.apply(builder()).build().token();
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        String body = r.getBody().readUtf8();
        String assertion = URLDecoder.decode(body.substring(body.indexOf("&assertion=") + 11), StandardCharsets.UTF_8);
        assertThat(SignedJWT.parse(assertion).verify(new RSASSAVerifier((RSAPublicKey) TestKeys.RSA.getPublic())))
                .isTrue();
    }

    @Test
    void pkcs8PemFile() throws Exception {
        Path pem = TestKeys.write(dir, "server.key", TestKeys.pkcs8Pem(TestKeys.RSA.getPrivate()));
        assertSignsWithTestKey(b -> b.privateKey(pem));
    }

    @Test
    void pkcs1PemFile() throws Exception {
        Path pem = TestKeys.write(dir, "server.key", TestKeys.pkcs1Pem(TestKeys.RSA.getPrivate()));
        assertSignsWithTestKey(b -> b.privateKey(pem));
    }

    @Test
    void pkcs1PemString_withCrlfAndCertificateBefore() throws Exception {
        String cert = TestKeys.pem("CERTIFICATE", TestKeys.selfSigned(TestKeys.RSA).getEncoded());
        String pem = (cert + TestKeys.pkcs1Pem(TestKeys.RSA.getPrivate())).replace("\n", "\r\n");
        assertSignsWithTestKey(b -> b.privateKeyPem(pem));
    }

    @Test
    void pkcs8PemString() throws Exception {
        assertSignsWithTestKey(b -> b.privateKeyPem(TestKeys.pkcs8Pem(TestKeys.RSA.getPrivate())));
    }

    @Test
    void privateKeyObject() throws Exception {
        assertSignsWithTestKey(b -> b.privateKey(TestKeys.RSA.getPrivate()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKCS12", "JKS"})
    void keyStoreFile(String type) throws Exception {
        Path ks = TestKeys.keyStore(dir, "keys." + type.toLowerCase(), type, "jwt", TestKeys.RSA, PASSWORD);
        assertSignsWithTestKey(b -> b.keyStore(ks, type, "jwt", PASSWORD));
    }

    @Test
    void loadedKeyStore() throws Exception {
        Path file = TestKeys.keyStore(dir, "keys.p12", "PKCS12", "jwt", TestKeys.RSA, PASSWORD);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        assertSignsWithTestKey(b -> b.keyStore(ks, "jwt", PASSWORD));
    }

    // ---- errors: IllegalArgumentException at build() naming the problem ----

    @Test
    void missingPemFile() {
        Path missing = dir.resolve("nope.key");
        assertThatThrownBy(() -> builder().privateKey(missing).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist")
                .hasMessageContaining(missing.toString());
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void corruptPem_base64Damaged() throws Exception {
        String good = TestKeys.pkcs8Pem(TestKeys.RSA.getPrivate());
        String bad = good.replace(good.substring(100, 110), "!!!!@@@@##");
        Path pem = TestKeys.write(dir, "bad.key", bad);
        assertThatThrownBy(() -> builder().privateKey(pem).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt PRIVATE KEY block")
                .hasMessageContaining("bad.key");
    }

    @Test
    void corruptPem_truncatedDer() throws Exception {
        byte[] der = TestKeys.RSA.getPrivate().getEncoded();
        String pem = TestKeys.pem("RSA PRIVATE KEY", java.util.Arrays.copyOf(der, 300));
        assertThatThrownBy(() -> builder().privateKeyPem(pem).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corrupt RSA PRIVATE KEY block");
    }

    @Test
    void notPemAtAll() throws Exception {
        Path der = dir.resolve("server.der");
        Files.write(der, TestKeys.RSA.getPrivate().getEncoded());
        assertThatThrownBy(() -> builder().privateKey(der).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not PEM");
    }

    @Test
    void certificateOnly() throws Exception {
        String cert = TestKeys.pem("CERTIFICATE", TestKeys.selfSigned(TestKeys.RSA).getEncoded());
        assertThatThrownBy(() -> builder().privateKeyPem(cert).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no private key")
                .hasMessageContaining("[CERTIFICATE]");
    }

    @Test
    void encryptedPkcs8Pem() {
        String pem = TestKeys.pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00});
        assertThatThrownBy(() -> builder().privateKeyPem(pem).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted")
                .hasMessageContaining("openssl pkey");
    }

    @Test
    void encryptedPkcs1Pem() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\n"
                + "AAAA\n-----END RSA PRIVATE KEY-----\n";
        assertThatThrownBy(() -> builder().privateKeyPem(pem).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted");
    }

    @Test
    void ecKeyInPkcs8Pem() {
        assertThatThrownBy(() -> builder().privateKeyPem(TestKeys.pkcs8Pem(EC.getPrivate())).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EC key")
                .hasMessageContaining("needs an RSA key");
    }

    @Test
    void ecPrivateKeyBlock() {
        String pem = TestKeys.pem("EC PRIVATE KEY", new byte[] {1, 2, 3});
        assertThatThrownBy(() -> builder().privateKeyPem(pem).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EC PRIVATE KEY")
                .hasMessageContaining("needs an RSA key");
    }

    @Test
    void ecPrivateKeyObject() {
        assertThatThrownBy(() -> builder().privateKey(EC.getPrivate()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is an EC key");
    }

    @Test
    void weakRsaKey() {
        KeyPair small = TestKeys.generate("RSA", 1024);
        assertThatThrownBy(() -> builder().privateKeyPem(TestKeys.pkcs8Pem(small.getPrivate())).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024-bit")
                .hasMessageContaining("at least 2048");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKCS12", "JKS"})
    void keyStore_wrongPassword(String type) throws Exception {
        Path ks = TestKeys.keyStore(dir, "keys." + type, type, "jwt", TestKeys.RSA, PASSWORD);
        assertThatThrownBy(() -> builder().keyStore(ks, type, "jwt", "wrong".toCharArray()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Wrong password")
                .hasMessageContaining(ks.toString());
    }

    @Test
    void keyStore_wrongAlias_listsAliases() throws Exception {
        Path ks = TestKeys.keyStore(dir, "keys.p12", "PKCS12", "jwt", TestKeys.RSA, PASSWORD);
        assertThatThrownBy(() -> builder().keyStore(ks, "PKCS12", "salesforce", PASSWORD).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no entry with alias 'salesforce'").hasMessageContaining("[jwt]");
    }

    @Test
    void keyStore_ecKey() throws Exception {
        Path ks = TestKeys.keyStore(dir, "ec.p12", "PKCS12", "ec", EC, PASSWORD);
        assertThatThrownBy(() -> builder().keyStore(ks, "PKCS12", "ec", PASSWORD).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is an EC key")
                .hasMessageContaining("entry 'ec'");
    }

    @Test
    void keyStore_certificateEntry() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("cert", TestKeys.selfSigned(TestKeys.RSA));
        assertThatThrownBy(() -> builder().keyStore(ks, "cert", PASSWORD).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a certificate, not a private key");
    }

    @Test
    void keyStore_wrongKeyPassword() throws Exception {
        KeyStore ks = KeyStore.getInstance("JKS");
        ks.load(null, null);
        ks.setKeyEntry("jwt", TestKeys.RSA.getPrivate(), "keyPw".toCharArray(),
                new Certificate[] {TestKeys.selfSigned(TestKeys.RSA)});
        assertThatThrownBy(() -> builder().keyStore(ks, "jwt", "other".toCharArray()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Wrong password for the private key entry 'jwt'");
    }

    @Test
    void keyStore_corruptFile() throws Exception {
        Path bogus = TestKeys.write(dir, "bogus.p12", "this is not a key store");
        assertThatThrownBy(() -> builder().keyStore(bogus, "PKCS12", "jwt", PASSWORD).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Cannot read key store")
                .hasMessageContaining("PKCS12");
    }

    @Test
    void keyStore_unknownType() throws Exception {
        Path ks = TestKeys.keyStore(dir, "keys.p12", "PKCS12", "jwt", TestKeys.RSA, PASSWORD);
        assertThatThrownBy(() -> builder().keyStore(ks, "NOPE", "jwt", PASSWORD).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown key store type 'NOPE'");
    }

    @Test
    void errorMessages_neverContainKeyMaterial() throws Exception {
        String b64 = TestKeys.base64(TestKeys.RSA.getPrivate());
        String corrupt = TestKeys.pkcs8Pem(TestKeys.RSA.getPrivate()).replaceFirst("MII", "MI*");
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> builder().privateKeyPem(corrupt).build());
        assertThat(t).isInstanceOf(IllegalArgumentException.class);
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).doesNotContain(b64.substring(10, 50));
        }
    }
}
