package id.born2control.scoring;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Runs memory updates only once the transaction that caused them has committed. */
@ApplicationScoped
class AfterCommit {

  private final TransactionSynchronizationRegistry registry;

  AfterCommit(TransactionSynchronizationRegistry registry) {
    this.registry = registry;
  }

  void run(Runnable action) {
    if (registry.getTransactionKey() == null) {
      action.run();
      return;
    }
    registry.registerInterposedSynchronization(new Synchronization() {
      @Override
      public void beforeCompletion() {}

      @Override
      public void afterCompletion(int status) {
        if (status == Status.STATUS_COMMITTED) {
          action.run();
        }
      }
    });
  }
}
