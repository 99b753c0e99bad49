package id.born2control.labs;

/** A container engine operation failed; the message is safe to show to the lab owner. */
class LabBackendException extends Exception {

  LabBackendException(String message) {
    super(message);
  }

  LabBackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
