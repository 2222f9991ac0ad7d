package io.kafkaprediction.systemtests.reliability;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import javax.imageio.ImageIO;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a {@link FaultTimeline} as one PNG with XChart: rows landed per second above, lookups
 * per second by how they ended below ("no answer": none within {@link LookupProbe#ANSWER_TIMEOUT}),
 * the fault's start and end as vertical lines in both. Small
 * on purpose (flat colours, no markers): the charts are committed beside RELIABILITY.md.
 *
 * <p>Run by each fault test on its own timeline; {@link #main} redraws charts from the CSV files:
 * {@code java -cp <test classpath> ...TimelineChart OUT_DIR TIMELINE.csv=TITLE...}.
 */
final class TimelineChart {
    private static final int WIDTH = 720;
    private static final int PANEL_HEIGHT = 250;

    private TimelineChart() {
    }

    /** Writes {@code file} (PNG). */
    static void draw(FaultTimeline timeline, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart rows = panel(timeline, timeline.name() + ": rows landed in user_features", "rows / s");
        double rowsMax = add(rows, timeline, "rows landed", s -> s.rowsLanded() < 0 ? Double.NaN : s.rowsLanded(),
                new Color(0x1f77b4));
        markFault(rows, timeline, rowsMax);
        XYChart lookups = panel(timeline, "feature lookups (POST /predict), by outcome", "lookups / s");
        double lookupsMax = add(lookups, timeline, "200", FaultTimeline.Second::lookups200, new Color(0x2ca02c));
        lookupsMax = Math.max(lookupsMax, add(lookups, timeline, "503", FaultTimeline.Second::lookups503, new Color(0xff7f0e)));
        lookupsMax = Math.max(lookupsMax, add(lookups, timeline, "no answer",
                FaultTimeline.Second::lookupsNoAnswer, new Color(0xd62728)));
        if (timeline.seconds().stream().anyMatch(s -> s.lookupsOther() > 0)) {
            lookupsMax = Math.max(lookupsMax, add(lookups, timeline, "other", FaultTimeline.Second::lookupsOther,
                    new Color(0x7f7f7f)));
        }
        markFault(lookups, timeline, lookupsMax);
        BufferedImage image = new BufferedImage(WIDTH, 2 * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.drawImage(BitmapEncoder.getBufferedImage(rows), 0, 0, null);
            g.drawImage(BitmapEncoder.getBufferedImage(lookups), 0, PANEL_HEIGHT, null);
        } finally {
            g.dispose();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static XYChart panel(FaultTimeline timeline, String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("seconds since the first event was sent").yAxisTitle(yTitle).build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xdddddd));
        styler.setAntiAlias(false); // fewer colours, a PNG a fraction of the size
        styler.setYAxisMin(0.0);
        styler.setXAxisDecimalPattern("0");
        styler.setXAxisTickMarkSpacingHint(70);
        styler.setChartTitleBoxVisible(false);
        styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        return chart;
    }

    /** Vertical lines where the fault began and ended, labelled at the top of the panel. */
    private static void markFault(XYChart chart, FaultTimeline timeline, double yMax) {
        boolean instant = timeline.faultEndSecond() - timeline.faultStartSecond() < 2; // a kill: one line, one label
        String[] labels = instant ? new String[] {"fault"} : new String[] {"fault", "healed"};
        double[] xs = instant ? new double[] {timeline.faultStartSecond()}
                : new double[] {timeline.faultStartSecond(), timeline.faultEndSecond()};
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isNaN(xs[i])) {
                chart.addAnnotation(new AnnotationLine(xs[i], true, false));
                chart.addAnnotation(new AnnotationText(labels[i], xs[i], yMax, false));
            }
        }
    }

    /** Adds one series, a value per second; returns its largest value. */
    private static double add(XYChart chart, FaultTimeline timeline, String name,
                              ToDoubleFunction<FaultTimeline.Second> value, Color color) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        double max = 0;
        for (FaultTimeline.Second s : timeline.seconds()) {
            double v = value.applyAsDouble(s);
            x.add((double) s.second());
            y.add(v);
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
            }
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        return max;
    }

    /**
     * Redraws charts: {@code OUT_DIR} then CSV files written by the fault tests, each optionally
     * followed by {@code =TITLE}; each PNG is named after its CSV.
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: TimelineChart OUT_DIR TIMELINE.csv[=TITLE]...");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        for (int i = 1; i < args.length; i++) {
            String[] fileAndTitle = args[i].split("=", 2);
            Path csv = Path.of(fileAndTitle[0]);
            String slug = csv.getFileName().toString().replaceFirst("\\.csv$", "");
            Path png = out.resolve(slug + ".png");
            draw(FaultTimeline.readCsv(fileAndTitle.length > 1 ? fileAndTitle[1] : slug, csv), png);
            System.out.println(png + " (" + Files.size(png) + " bytes)");
        }
    }
}
