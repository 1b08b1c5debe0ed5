package org.sofj.llext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

import org.sofj.llext.internal.pack.ModuleHasher;

/**
 * Ed25519 keys for signing libraries (JDK built-in {@code "Ed25519"}): generate, store as PEM
 * ({@code PUBLIC KEY}: X.509 SubjectPublicKeyInfo; {@code PRIVATE KEY}: PKCS#8), read back, and
 * build the set of trusted keys a loader accepts. A key's id is the SHA-256 of its X.509
 * encoding, in hex; a library records its signer's id.
 */
public final class LibraryKeys {
    /** The signature algorithm. */
    public static final String ALGORITHM = "Ed25519";

    private LibraryKeys() {
    }

    /** {@return a new Ed25519 key pair} */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }

    /**
     * The id that names a signing key in libraries, {@code sofj inspect} and error messages.
     *
     * @param key an Ed25519 public key
     * @return its id: SHA-256 of {@link PublicKey#getEncoded()}, 64 lower-case hex digits
     */
    public static String keyId(PublicKey key) {
        return HexFormat.of().formatHex(ModuleHasher.sha256().digest(key.getEncoded()));
    }

    /**
     * Writes a public key as PEM, readable by everyone; a file already there is replaced.
     *
     * @param key a public key
     * @param file where to write it as PEM
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void writePublicKey(PublicKey key, Path file) {
        write(file, "PUBLIC KEY", key.getEncoded());
    }

    /**
     * Writes a private key readable and writable by its owner only (mode 0600 where the file
     * system has POSIX permissions). A file already there is replaced, never widened: it is
     * deleted and created again with the owner-only mode, so the key is never readable by others,
     * not even for a moment.
     *
     * @param key  a private key
     * @param file where to write it as PEM
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void writePrivateKey(PrivateKey key, Path file) {
        final byte[] pem = pem("PRIVATE KEY", key.getEncoded());
        try {
            Files.deleteIfExists(file);
            if (posix(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                // the umask may only remove bits; make sure they are exactly the owner's
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            Files.write(file, pem, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Reads a public key written by {@link #writePublicKey} or {@code sofj keygen}.
     *
     * @param file a PEM {@code PUBLIC KEY} written by {@link #writePublicKey}
     * @return the key
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException naming the file if it holds no Ed25519 public key
     */
    public static PublicKey readPublicKey(Path file) {
        try {
            return factory().generatePublic(new X509EncodedKeySpec(read(file, "PUBLIC KEY")));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("file=" + file + " holds no Ed25519 public key", e);
        }
    }

    /**
     * Reads a private key, refusing one that anyone but its owner may read or write: a signing
     * key others can read is no longer a secret, so nothing it signs proves who signed it.
     *
     * @param file a PEM {@code PRIVATE KEY} written by {@link #writePrivateKey}
     * @return the key
     * @throws UncheckedIOException     if the file cannot be read
     * @throws IllegalArgumentException naming the file if it holds no Ed25519 private key, or
     *     naming the file, its mode and the fix if group or others have any access to it
     */
    public static PrivateKey readPrivateKey(Path file) {
        checkOwnerOnly(file);
        try {
            return factory().generatePrivate(new PKCS8EncodedKeySpec(read(file, "PRIVATE KEY")));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("file=" + file + " holds no Ed25519 private key",
                    e);
        }
    }

    /**
     * Reads a signing key pair and checks that the public key is the private key's own: a
     * library signed with a private key but labelled with another public key would name the
     * wrong signer and fail every load.
     *
     * @param privateKeyFile a PEM {@code PRIVATE KEY}, owner-only (see {@link #readPrivateKey})
     * @param publicKeyFile  the PEM {@code PUBLIC KEY} written with it
     * @return the pair
     * @throws UncheckedIOException     if a file cannot be read
     * @throws IllegalArgumentException naming both files if they do not belong together, or as
     *     {@link #readPrivateKey} and {@link #readPublicKey}
     */
    public static KeyPair readKeyPair(Path privateKeyFile, Path publicKeyFile) {
        final PrivateKey privateKey = readPrivateKey(privateKeyFile);
        final PublicKey publicKey = readPublicKey(publicKeyFile);
        final KeyPair pair = new KeyPair(publicKey, privateKey);
        if (!matches(pair)) {
            throw new IllegalArgumentException("pub=" + publicKeyFile + " (key id "
                    + keyId(publicKey) + ") is not the public key of key=" + privateKeyFile
                    + ": use the .pub file written with that key by sofj keygen");
        }
        return pair;
    }

    /**
     * Checks that a pair belongs together by signing a probe with the private key and verifying it
     * with the public key.
     *
     * @param pair a key pair
     * @return whether its public key verifies what its private key signs
     */
    public static boolean matches(KeyPair pair) {
        final byte[] probe = "sofj key pair check".getBytes(StandardCharsets.US_ASCII);
        try {
            return verify(pair.getPublic(), probe, sign(pair.getPrivate(), probe));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The keys a loader trusts, for {@code LibraryLoaderProvider.create}.
     *
     * @param publicKeyFiles PEM public key files
     * @return the keys; a set, so duplicates count once and the order is not kept
     * @throws UncheckedIOException if a file cannot be read
     * @throws IllegalArgumentException naming the file if one holds no Ed25519 public key
     */
    public static Set<PublicKey> trustedKeys(Collection<Path> publicKeyFiles) {
        final Set<PublicKey> keys = new LinkedHashSet<>();
        for (Path p : publicKeyFiles) {
            keys.add(readPublicKey(p));
        }
        return Set.copyOf(keys);
    }

    /**
     * Signs a message with Ed25519.
     *
     * @param key the signer's private key
     * @param message what to sign
     * @return the 64-byte Ed25519 signature
     * @throws IllegalArgumentException if the key is not an Ed25519 private key
     */
    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            final Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("key is not an " + ALGORITHM + " private key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " signing failed", e);
        }
    }

    /**
     * Verifies an Ed25519 signature; a malformed signature is invalid, not an error.
     *
     * @param key the signer's public key
     * @param message what was signed
     * @param signature the signature
     * @return whether the signature is valid
     */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            final Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }

    private static KeyFactory factory() {
        try {
            return KeyFactory.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }

    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private static boolean posix(Path file) {
        final Path dir = file.toAbsolutePath().getParent();
        return Files.getFileAttributeView(dir == null ? file : dir,
                PosixFileAttributeView.class) != null;
    }

    private static void checkOwnerOnly(Path file) {
        if (!Files.exists(file) || !posix(file)) {
            return;   // a missing file fails on read, naming it; no POSIX modes: nothing to check
        }
        final Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of " + file, e);
        }
        final Set<PosixFilePermission> others = EnumSet.noneOf(PosixFilePermission.class);
        others.addAll(perms);
        others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
        if (!others.isEmpty()) {
            throw new IllegalArgumentException("key=" + file + " is open to others (mode "
                    + PosixFilePermissions.toString(perms) + "): a private key must be the"
                    + " owner's alone; run chmod 600 " + file);
        }
    }

    private static byte[] pem(String type, byte[] der) {
        return ("-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void write(Path file, String type, byte[] der) {
        try {
            Files.write(file, pem(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static byte[] read(Path file, String type) {
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        final String begin = "-----BEGIN " + type + "-----";
        final String end = "-----END " + type + "-----";
        final int b = text.indexOf(begin);
        final int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("file=" + file + " is not a PEM " + type);
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("file=" + file + " has bad base64", ex);
        }
    }
}
