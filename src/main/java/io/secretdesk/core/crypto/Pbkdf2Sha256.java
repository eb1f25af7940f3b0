package io.secretdesk.core.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * PBKDF2 with HMAC-SHA256 (RFC 8018 §5.2), computed on SHA-256's compression function directly: the HMAC key's
 * inner and outer pads are compressed once, and each iteration costs two compressions on those saved states instead
 * of the four (and a dozen small allocations) of {@code SecretKeyFactory("PBKDF2WithHmacSHA256")}. A cold
 * {@code rotate-key} derives two keys of 100,000 iterations before the JIT has warmed up; this way each costs about a
 * third of the JDK's CPU time (the JDK's is faster only once its optimising compiler has compiled it with the SHA
 * intrinsic, which a short-lived CLI process rarely waits for). The same bytes as SunJCE's for every input, as
 * {@code Pbkdf2Sha256Test} checks with RFC 7914 §11's vectors and against SunJCE. Stateless and thread-safe.
 */
public final class Pbkdf2Sha256 {

    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    };
    private static final int[] INITIAL = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    };
    private static final int BLOCK = 64;
    private static final int HASH = 32;
    /** The bit length of a 64-byte pad block and a 32-byte hash: what the one padded block of an iteration ends with. */
    private static final int PAD_AND_HASH_BITS = (BLOCK + HASH) * 8;

    private Pbkdf2Sha256() {
    }

    /**
     * {@code PBKDF2-HMAC-SHA256(password, salt, iterations, length)}. The caller encodes the password (SunJCE and
     * Python's {@code hashlib} use UTF-8) and wipes it; this method wipes its own copies of every intermediate value.
     *
     * @throws IllegalArgumentException when {@code iterations} or {@code length} is not positive
     */
    public static byte[] derive(byte[] password, byte[] salt, int iterations, int length) {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(salt, "salt");
        if (iterations < 1 || length < 1) {
            throw new IllegalArgumentException("PBKDF2 needs at least one iteration and one byte of output");
        }
        int[] inner = new int[8];
        int[] outer = new int[8];
        keyedStates(password, inner, outer);
        int[] w = new int[64];
        int[] u = new int[8];
        int[] t = new int[8];
        int[] sum = new int[8];
        byte[] out = new byte[length];
        byte[] first = Arrays.copyOf(salt, salt.length + 4);
        try {
            for (int block = 1, offset = 0; offset < length; block++, offset += HASH) {
                first[salt.length] = (byte) (block >>> 24);
                first[salt.length + 1] = (byte) (block >>> 16);
                first[salt.length + 2] = (byte) (block >>> 8);
                first[salt.length + 3] = (byte) block;
                // U1 = HMAC(P, S || INT(block)): the message may be long, so it goes through the general path.
                digest(inner, BLOCK, first, w, t);
                finishOuter(outer, t, w, u);
                System.arraycopy(u, 0, sum, 0, 8);
                for (int i = 1; i < iterations; i++) {
                    // U(i) = HMAC(P, U(i-1)): one padded block on each saved pad state.
                    finishOuter(inner, u, w, t);
                    finishOuter(outer, t, w, u);
                    for (int j = 0; j < 8; j++) {
                        sum[j] ^= u[j];
                    }
                }
                for (int j = 0; j < 8 && offset + 4 * j < length; j++) {
                    for (int b = 0; b < 4 && offset + 4 * j + b < length; b++) {
                        out[offset + 4 * j + b] = (byte) (sum[j] >>> (24 - 8 * b));
                    }
                }
            }
            return out;
        } finally {
            Arrays.fill(inner, 0);
            Arrays.fill(outer, 0);
            Arrays.fill(w, 0);
            Arrays.fill(u, 0);
            Arrays.fill(t, 0);
            Arrays.fill(sum, 0);
            Arrays.fill(first, (byte) 0);
        }
    }

    /** The SHA-256 states after the HMAC key's inner and outer pad blocks (a key over 64 bytes is hashed first). */
    private static void keyedStates(byte[] password, int[] inner, int[] outer) {
        int[] w = new int[64];
        byte[] key = password;
        if (password.length > BLOCK) {
            int[] hashed = new int[8];
            digest(INITIAL, 0, password, w, hashed);
            key = toBytes(hashed);
        }
        byte[] pad = new byte[BLOCK];
        try {
            for (int i = 0; i < BLOCK; i++) {
                pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x36);
            }
            load(pad, 0, w);
            compress(INITIAL, w, inner);
            for (int i = 0; i < BLOCK; i++) {
                pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x5c);
            }
            load(pad, 0, w);
            compress(INITIAL, w, outer);
        } finally {
            Arrays.fill(pad, (byte) 0);
            Arrays.fill(w, 0);
            if (key != password) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /**
     * Finishes a hash whose state {@code from} has absorbed one 64-byte block, given 32 more bytes as words:
     * the one padded block {@code words || 0x80 || 0... || bit length 768}.
     */
    private static void finishOuter(int[] from, int[] words, int[] w, int[] to) {
        System.arraycopy(words, 0, w, 0, 8);
        w[8] = 0x80000000;
        Arrays.fill(w, 9, 15, 0);
        w[15] = PAD_AND_HASH_BITS;
        compress(from, w, to);
    }

    /** Finishes a hash from state {@code from} that has absorbed {@code prefix} bytes, over {@code message}. */
    private static void digest(int[] from, long prefix, byte[] message, int[] w, int[] to) {
        long bits = (prefix + message.length) * 8;
        int padded = (message.length + 9 + BLOCK - 1) / BLOCK * BLOCK;
        byte[] blocks = Arrays.copyOf(message, padded);
        blocks[message.length] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
            blocks[padded - 1 - i] = (byte) (bits >>> (8 * i));
        }
        System.arraycopy(from, 0, to, 0, 8);
        for (int offset = 0; offset < padded; offset += BLOCK) {
            load(blocks, offset, w);
            compress(to, w, to);
        }
        Arrays.fill(blocks, (byte) 0);
    }

    private static void load(byte[] bytes, int offset, int[] w) {
        for (int i = 0; i < 16; i++) {
            int at = offset + 4 * i;
            w[i] = (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
        }
    }

    private static byte[] toBytes(int[] words) {
        byte[] bytes = new byte[4 * words.length];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (words[i / 4] >>> (24 - 8 * (i % 4)));
        }
        return bytes;
    }

    /** SHA-256's compression of the block in {@code w[0..15]} (w is its 64-word schedule) from {@code from} into {@code to}. */
    private static void compress(int[] from, int[] w, int[] to) {
        for (int i = 16; i < 64; i++) {
            int x = w[i - 2];
            int y = w[i - 15];
            int s1 = Integer.rotateRight(x, 17) ^ Integer.rotateRight(x, 19) ^ x >>> 10;
            int s0 = Integer.rotateRight(y, 7) ^ Integer.rotateRight(y, 18) ^ y >>> 3;
            w[i] = s1 + w[i - 7] + s0 + w[i - 16];
        }
        int a = from[0];
        int b = from[1];
        int c = from[2];
        int d = from[3];
        int e = from[4];
        int f = from[5];
        int g = from[6];
        int h = from[7];
        for (int i = 0; i < 64; i++) {
            int t1 = h + (Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25))
                    + (e & f ^ ~e & g) + K[i] + w[i];
            int t2 = (Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22))
                    + (a & b ^ a & c ^ b & c);
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        to[0] = from[0] + a;
        to[1] = from[1] + b;
        to[2] = from[2] + c;
        to[3] = from[3] + d;
        to[4] = from[4] + e;
        to[5] = from[5] + f;
        to[6] = from[6] + g;
        to[7] = from[7] + h;
    }
}
