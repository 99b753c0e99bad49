package id.born2control.scoreboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The order-statistic tree against a plain sorted list. */
class RankTreeTest {

  @Test
  void shouldAnswerRanksAndPositionsLikeASortedList() {
    Random random = new Random(7);
    RankTree<Integer> tree = new RankTree<>(Comparator.reverseOrder());
    List<Integer> model = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      int value = random.nextInt(5_000);
      if (random.nextBoolean() && !model.contains(value)) {
        tree.add(value);
        model.add(value);
      } else if (model.contains(value)) {
        tree.remove(value);
        model.remove(Integer.valueOf(value));
      }
    }
    model.sort(Collections.reverseOrder());
    assertEquals(model.size(), tree.size());
    assertEquals(model, tree.toList());
    for (int i = 0; i < model.size(); i++) {
      assertEquals(i, tree.indexOf(model.get(i)));
      assertEquals(model.get(i), tree.get(i));
    }
    assertEquals(-1, tree.indexOf(-5));
    assertFalse(tree.remove(-5));
  }
}
