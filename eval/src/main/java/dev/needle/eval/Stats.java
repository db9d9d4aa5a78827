package dev.needle.eval;

import java.util.List;

/** Mean and sample standard deviation (n − 1; 0 for a single value). */
record Stats(double mean, double sd, int n) {

    static Stats of(List<Double> values) {
        int n = values.size();
        if (n == 0)
            return new Stats(Double.NaN, Double.NaN, 0);
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return new Stats(mean, n > 1 ? Math.sqrt(ss / (n - 1)) : 0, n);
    }

    String format() {
        return n == 0 ? "–" : String.format("%.4f ± %.4f", mean, sd);
    }

    /**
     * Area under a learning curve, normalised by its labeled-count range so it reads as a mean accuracy (trapezoids;
     * a single point is its own value).
     */
    static double area(List<Integer> labeled, List<Double> accuracy) {
        if (labeled.size() == 1)
            return accuracy.get(0);
        double area = 0;
        for (int i = 1; i < labeled.size(); i++)
            area += (labeled.get(i) - labeled.get(i - 1)) * (accuracy.get(i) + accuracy.get(i - 1)) / 2;
        return area / (labeled.get(labeled.size() - 1) - labeled.get(0));
    }
}
