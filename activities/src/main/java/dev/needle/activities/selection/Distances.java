package dev.needle.activities.selection;

/**
 * Squared Euclidean distance between a stored row and a centre held as floats, in one fixed summation order so the
 * Vector API and the scalar code give bit-identical results, and so identical picks.
 *
 * <p>The order: element j is accumulated into lane j mod {@value #LANES} with {@code acc = fma(t, t, acc)},
 * t = x − c, lanes starting at +0; elements past the last full group of 16 are the same as zero-padding, because
 * adding +0 to a non-negative sum changes nothing. The 16 lanes are then folded as b[l] = a[l] + a[l+8],
 * c[l] = b[l] + b[l+4], e[l] = c[l] + c[l+2], result e[0] + e[1]. Each step is an IEEE operation on floats, the
 * same whether done in a vector lane or in a scalar variable.
 */
interface Distances {

  int LANES = 16;

  /** ‖x[xOff..xOff+d) − c[cOff..cOff+d)‖² for fp32 storage. */
  float dist2(float[] x, int xOff, float[] c, int cOff, int d);

  /** The same for bf16 storage: each stored short holds the upper half of a float's bits. */
  float dist2(short[] x, int xOff, float[] c, int cOff, int d);

  /** True for the Vector API implementation. */
  boolean vectorized();

  /**
   * The Vector API implementation where the incubator module is in the boot layer and the CPU has 256-bit vectors,
   * the scalar one otherwise. {@code VectorDistances} is only loaded by name after the module check, so a JVM
   * without {@code --add-modules=jdk.incubator.vector} never resolves a class that refers to it.
   */
  static Distances best() {
    return Holder.BEST;
  }

  final class Holder {
    static final Distances BEST = load();

    private Holder() {}

    private static Distances load() {
      if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
        return ScalarDistances.INSTANCE;
      }
      try {
        Class<?> type = Class.forName("dev.needle.activities.selection.VectorDistances");
        Distances vector = (Distances) type.getDeclaredField("INSTANCE").get(null);
        return vector.vectorized() ? vector : ScalarDistances.INSTANCE;
      } catch (ReflectiveOperationException | LinkageError e) {
        return ScalarDistances.INSTANCE;
      }
    }
  }
}
