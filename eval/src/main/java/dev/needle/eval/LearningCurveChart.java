package dev.needle.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** The learning curves as a PNG: mean accuracy per strategy with a ± one-standard-deviation band over seeds. */
final class LearningCurveChart {

    private static final Color[] COLOURS = { new Color(0x55, 0x55, 0x55), new Color(0x1f, 0x77, 0xb4),
            new Color(0x2c, 0xa0, 0x2c), new Color(0xff, 0x7f, 0x0e), new Color(0xd6, 0x27, 0x28) };

    private LearningCurveChart() {
    }

    /**
     * @param curves per strategy name, its points in labeled order: labeled count → mean and sd
     * @param reference accuracy with every label, drawn as a line; null if not measured
     */
    static void write(Path png, String title, Map<String, List<Map.Entry<Integer, Stats>>> curves, Double reference) {
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        for (Map.Entry<String, List<Map.Entry<Integer, Stats>>> curve : curves.entrySet()) {
            YIntervalSeries series = new YIntervalSeries(curve.getKey());
            for (Map.Entry<Integer, Stats> point : curve.getValue()) {
                Stats s = point.getValue();
                series.add(point.getKey(), s.mean(), s.mean() - s.sd(), s.mean() + s.sd());
            }
            dataset.addSeries(series);
        }
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.15f);
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            Color colour = COLOURS[i % COLOURS.length];
            renderer.setSeriesPaint(i, colour);
            renderer.setSeriesFillPaint(i, colour);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        NumberAxis x = new NumberAxis("labeled images");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("accuracy on the eval images");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (reference != null) {
            ValueMarker marker = new ValueMarker(reference, Color.BLACK,
                    new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] { 6f, 4f }, 0f));
            marker.setLabel(String.format("all labels: %.4f", reference));
            marker.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
            marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
            plot.addRangeMarker(marker);
            y.setUpperBound(Math.max(y.getUpperBound(), reference + 0.01));
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        try {
            ChartUtils.saveChartAsPNG(png.toFile(), chart, 1000, 620);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
