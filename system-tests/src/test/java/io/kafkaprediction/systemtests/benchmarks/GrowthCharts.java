package io.kafkaprediction.systemtests.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The growth curve as two small PNG charts (XChart): ingestion rate and lookup latency against table size. */
final class GrowthCharts {
    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;

    private GrowthCharts() {
    }

    static List<Path> write(List<GrowthBenchmark.Point> points, Path folder) throws IOException {
        Files.createDirectories(folder);
        double[] millions = points.stream().mapToDouble(p -> p.rows() / 1e6).toArray();

        XYChart ingestion = chart("Ingestion as user_features grows", "events/s");
        ingestion.addSeries("pipeline Kafka→Connect→PostgreSQL", millions,
                points.stream().mapToDouble(p -> p.pipeline().eventsPerSecond()).toArray()).setMarker(SeriesMarkers.CIRCLE);
        ingestion.addSeries("COPY of the same rows", millions,
                points.stream().mapToDouble(GrowthBenchmark.Point::copyRowsPerSecond).toArray()).setMarker(SeriesMarkers.SQUARE);
        ingestion.getStyler().setYAxisMin(0.0);

        XYChart lookups = chart("Latest-value lookup latency as user_features grows", "ms from the intended send");
        lookups.addSeries("p50", millions, points.stream().mapToDouble(p -> p.lookups().percentileMillis(50)).toArray())
                .setMarker(SeriesMarkers.CIRCLE);
        lookups.addSeries("p99", millions, points.stream().mapToDouble(p -> p.lookups().percentileMillis(99)).toArray())
                .setMarker(SeriesMarkers.SQUARE);
        lookups.getStyler().setYAxisMin(0.0);

        Path a = folder.resolve("growth-ingestion.png");
        Path b = folder.resolve("growth-lookups.png");
        BitmapEncoder.saveBitmap(ingestion, a.toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(lookups, b.toString(), BitmapEncoder.BitmapFormat.PNG);
        return List.of(a, b);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("rows in user_features before the run (millions)").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setAntiAlias(true);
        return chart;
    }
}
