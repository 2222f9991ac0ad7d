package io.kafkaprediction.transforms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The {@code feature_id} of a {@code user_features} row: a name-based UUID, version 5 (SHA-1,
 * RFC 9562), of the event's natural key, so a redelivered event upserts onto the same row.
 *
 * <pre>
 * namespace = 0587c5de-a8dd-5fc4-a30c-000e29e4f28e   (= uuid5(NAMESPACE_URL, "urn:kafkaprediction:user_features"))
 * name      = UTF-8 of  user_id + "\n" + event_type + "\n" + epoch milliseconds in decimal (e.g. "-1", "1768921200000")
 * </pre>
 *
 * Python computes the same id:
 * {@code uuid.uuid5(uuid.UUID("0587c5de-a8dd-5fc4-a30c-000e29e4f28e"), f"{user_id}\n{event_type}\n{epoch_ms}")}.
 * The separator cannot be forged: {@link FeatureEventReader} rejects control characters in ids.
 */
public final class FeatureIds {

    public static final UUID NAMESPACE = UUID.fromString("0587c5de-a8dd-5fc4-a30c-000e29e4f28e");

    private static final byte[] NAMESPACE_BYTES = bytes(NAMESPACE);

    // One digest per thread: digest() resets it, and cloning one per id allocates ~400 bytes.
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(FeatureIds::sha1);

    private FeatureIds() {
    }

    /** The feature_id, in the canonical lowercase 36-character form. */
    public static String featureId(String userId, String eventType, long epochMillis) {
        byte[] name = (userId + '\n' + eventType + '\n' + epochMillis).getBytes(StandardCharsets.UTF_8);
        MessageDigest sha1 = SHA1.get();
        sha1.update(NAMESPACE_BYTES);
        sha1.update(name);
        byte[] hash = sha1.digest();
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // RFC variant
        return new UUID(toLong(hash, 0), toLong(hash, 8)).toString();
    }

    private static long toLong(byte[] bytes, int from) {
        long value = 0;
        for (int i = from; i < from + 8; i++) {
            value = (value << 8) | (bytes[i] & 0xff);
        }
        return value;
    }

    private static byte[] bytes(UUID uuid) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (uuid.getMostSignificantBits() >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (uuid.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        return bytes;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-1", e);
        }
    }
}
