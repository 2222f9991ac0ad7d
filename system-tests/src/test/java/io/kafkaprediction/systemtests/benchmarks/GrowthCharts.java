package io.kafkaprediction.systemtests.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The growth curve as three small PNG charts (XChart) against table size: ingestion rates, lookup
 * latency (HTTP and JDBC), and read throughput ({@code /predict} closed loop, training-set rows/s).
 */
final class GrowthCharts {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;

    private GrowthCharts() {
    }

    static List<Path> write(List<GrowthBenchmark.Point> points, Path folder) throws IOException {
        Files.createDirectories(folder);
        double[] millions = points.stream().mapToDouble(p -> p.rows() / 1e6).toArray();

        XYChart ingestion = chart("Ingestion as user_features grows", "events or rows per second");
        series(ingestion, "pipeline Kafka→Connect→PostgreSQL", millions, points, p -> p.pipeline().eventsPerSecond(), 0);
        series(ingestion, "COPY of the same rows", millions, points, GrowthBenchmark.Point::copyRowsPerSecond, 1);

        XYChart lookups = chart("Lookup latency as user_features grows", "ms from the intended send");
        series(lookups, "/predict by user_id p50 (HTTP)", millions, points, p -> p.http().percentileMillis(50), 0);
        series(lookups, "/predict by user_id p99 (HTTP)", millions, points, p -> p.http().percentileMillis(99), 1);
        series(lookups, "latest-value SQL p99 (JDBC)", millions, points, p -> p.lookups().percentileMillis(99), 2);

        XYChart reads = chart("Reads as user_features grows", "requests or rows per second");
        series(reads, "/predict by user_id, closed loop (req/s)", millions, points, p -> p.httpMax().requestsPerSecond(), 0);
        series(reads, "training-set (rows/s)", millions, points, p -> p.training().rowsPerSecond(), 1);

        Path a = folder.resolve("growth-ingestion.png");
        Path b = folder.resolve("growth-lookups.png");
        Path c = folder.resolve("growth-reads.png");
        BitmapEncoder.saveBitmap(ingestion, a.toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(lookups, b.toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(reads, c.toString(), BitmapEncoder.BitmapFormat.PNG);
        return List.of(a, b, c);
    }

    private static void series(XYChart chart, String name, double[] x, List<GrowthBenchmark.Point> points,
                               ToDoubleFunction<GrowthBenchmark.Point> y, int marker) {
        chart.addSeries(name, x, points.stream().mapToDouble(y).toArray())
                .setMarker(List.of(SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND).get(marker));
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("rows in user_features before the run (millions)").yAxisTitle(yTitle).build();
        // Below the plot: inside, the legend covered the last points.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setAntiAlias(true);
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }
}
