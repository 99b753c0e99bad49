package id.born2control.scoreboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An order-statistic treap: a balanced sorted set that also answers "what is the rank of this
 * element" and "which element is at this rank" in O(log n). Not thread-safe; the ranking engine
 * guards it.
 */
final class RankTree<T> {

  private static final class Node<T> {
    final T value;
    final int priority;
    Node<T> left;
    Node<T> right;
    int size = 1;

    Node(T value, int priority) {
      this.value = value;
      this.priority = priority;
    }
  }

  private final Comparator<? super T> order;
  private final SplittableRandom random = new SplittableRandom(0x5eed);
  private Node<T> root;

  RankTree(Comparator<? super T> order) {
    this.order = order;
  }

  int size() {
    return size(root);
  }

  /** Adds the value; it must not be equal to one already present. */
  void add(T value) {
    root = insert(root, new Node<>(value, random.nextInt()));
  }

  /** Removes the value equal to this one; returns whether one was present. */
  boolean remove(T value) {
    int before = size(root);
    root = delete(root, value);
    return size(root) != before;
  }

  /** The 0-based position of the value equal to this one, or -1 when absent. */
  int indexOf(T value) {
    Node<T> node = root;
    int index = 0;
    while (node != null) {
      int c = order.compare(value, node.value);
      if (c == 0) {
        return index + size(node.left);
      } else if (c < 0) {
        node = node.left;
      } else {
        index += size(node.left) + 1;
        node = node.right;
      }
    }
    return -1;
  }

  /** The value at the 0-based position. */
  T get(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(index);
    }
    Node<T> node = root;
    while (true) {
      int left = size(node.left);
      if (index < left) {
        node = node.left;
      } else if (index == left) {
        return node.value;
      } else {
        index -= left + 1;
        node = node.right;
      }
    }
  }

  /** Every value in order. */
  List<T> toList() {
    List<T> out = new ArrayList<>(size());
    // iterative in-order walk: a degenerate tree must not overflow the stack
    ArrayList<Node<T>> stack = new ArrayList<>();
    Node<T> node = root;
    while (node != null || !stack.isEmpty()) {
      while (node != null) {
        stack.add(node);
        node = node.left;
      }
      node = stack.remove(stack.size() - 1);
      out.add(node.value);
      node = node.right;
    }
    return out;
  }

  private Node<T> insert(Node<T> node, Node<T> fresh) {
    if (node == null) {
      return fresh;
    }
    int c = order.compare(fresh.value, node.value);
    if (c == 0) {
      throw new IllegalStateException("duplicate element " + fresh.value);
    }
    if (c < 0) {
      node.left = insert(node.left, fresh);
      if (node.left.priority > node.priority) {
        node = rotateRight(node);
      }
    } else {
      node.right = insert(node.right, fresh);
      if (node.right.priority > node.priority) {
        node = rotateLeft(node);
      }
    }
    update(node);
    return node;
  }

  private Node<T> delete(Node<T> node, T value) {
    if (node == null) {
      return null;
    }
    int c = order.compare(value, node.value);
    if (c < 0) {
      node.left = delete(node.left, value);
    } else if (c > 0) {
      node.right = delete(node.right, value);
    } else {
      return merge(node.left, node.right);
    }
    update(node);
    return node;
  }

  private Node<T> merge(Node<T> a, Node<T> b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.priority > b.priority) {
      a.right = merge(a.right, b);
      update(a);
      return a;
    }
    b.left = merge(a, b.left);
    update(b);
    return b;
  }

  private Node<T> rotateRight(Node<T> node) {
    Node<T> left = node.left;
    node.left = left.right;
    left.right = node;
    update(node);
    update(left);
    return left;
  }

  private Node<T> rotateLeft(Node<T> node) {
    Node<T> right = node.right;
    node.right = right.left;
    right.left = node;
    update(node);
    update(right);
    return right;
  }

  private static <T> void update(Node<T> node) {
    node.size = 1 + size(node.left) + size(node.right);
  }

  private static <T> int size(Node<T> node) {
    return node == null ? 0 : node.size;
  }
}
