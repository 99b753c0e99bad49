package id.born2control.identity;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.keycloak.representations.idm.CredentialRepresentation;

/**
 * A trainee's first password: random, shown once in the roster's result file, and handed to
 * Keycloak already hashed (PBKDF2-SHA256, few iterations) so that importing ten thousand people
 * does not cost ten thousand runs of the realm's memory-hard password hash. The password is
 * one-time (the user must set their own at first sign-in, which Keycloak hashes with the realm's
 * policy), and 14 characters from a 56-letter alphabet (about 81 bits) leave nothing for the few
 * iterations to protect against: guessing it stays out of reach even from the hash alone.
 */
record OneTimePassword(String value, CredentialRepresentation credential) {

  static final int LENGTH = 14;
  /** Iterations of the imported hash; Keycloak reads them from the credential at sign-in. */
  static final int ITERATIONS = 1000;
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final int KEY_BITS = 512;

  static OneTimePassword generate(SecureRandom random) {
    char[] password = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      password[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
    byte[] salt = new byte[16];
    random.nextBytes(salt);
    byte[] hash;
    try {
      hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password, salt, ITERATIONS, KEY_BITS)).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java 17", e);
    }
    Base64.Encoder base64 = Base64.getEncoder();
    CredentialRepresentation credential = new CredentialRepresentation();
    credential.setType(CredentialRepresentation.PASSWORD);
    credential.setTemporary(true);
    // Keycloak's stored form of a password credential: both fields are JSON documents as strings.
    credential.setSecretData("{\"value\":\"" + base64.encodeToString(hash) + "\",\"salt\":\""
        + base64.encodeToString(salt) + "\",\"additionalParameters\":{}}");
    credential.setCredentialData("{\"hashIterations\":" + ITERATIONS
        + ",\"algorithm\":\"pbkdf2-sha256\",\"additionalParameters\":{}}");
    return new OneTimePassword(new String(password), credential);
  }
}
