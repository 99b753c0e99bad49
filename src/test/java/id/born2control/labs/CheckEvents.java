package id.born2control.labs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the defense check events the labs feature fires, as scoring would receive them. */
@ApplicationScoped
public class CheckEvents {

  final List<DefenseCheckPassed> received = new CopyOnWriteArrayList<>();

  /** Everything received so far (a method: fields of a client proxy are not the bean's). */
  List<DefenseCheckPassed> received() {
    return List.copyOf(received);
  }

  void on(@Observes DefenseCheckPassed event) {
    received.add(event);
  }
}
