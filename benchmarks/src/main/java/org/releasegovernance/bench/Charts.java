package org.releasegovernance.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PNG charts drawn with Java2D: latency by percentile (HdrHistogram style, the tail stretched to the right),
 * throughput over time, and bars. One image per scenario, panels side by side.
 */
final class Charts {

    enum Kind { PERCENTILES, TIME, BARS }

    record Series(String name, double[] x, double[] y) {
    }

    /** For {@link Kind#BARS}, each series is one group of bars and {@code categories} names the x positions. */
    record Panel(String title, Kind kind, String yLabel, List<Series> series, List<String> categories) {
        Panel(String title, Kind kind, String yLabel, List<Series> series) {
            this(title, kind, yLabel, series, List.of());
        }
    }

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
            new Color(0x17becf), new Color(0xbcbd22)};
    private static final int PANEL_WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final double MAX_PERCENTILE_X = 5; // 99.999 %

    private Charts() {
    }

    /** Latency in ms by percentile; x = log10(1 / (1 - p)). */
    static Series percentiles(String name, Histogram micros) {
        List<double[]> points = new ArrayList<>();
        if (micros.getTotalCount() > 0) {
            for (HistogramIterationValue value : micros.percentiles(5)) {
                double p = value.getPercentileLevelIteratedTo() / 100.0;
                if (p >= 1.0) {
                    break;
                }
                double x = Math.log10(1 / (1 - p));
                if (x > MAX_PERCENTILE_X) {
                    break;
                }
                points.add(new double[] {x, value.getValueIteratedTo() / 1000.0});
            }
            points.add(new double[] {Math.min(MAX_PERCENTILE_X,
                    Math.log10(Math.max(10, micros.getTotalCount()))), micros.getMaxValue() / 1000.0});
        }
        return series(name, points);
    }

    static Series perSecond(String name, long[] counts) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            points.add(new double[] {i + 1, counts[i]});
        }
        return series(name, points);
    }

    static Series values(String name, double... values) {
        double[] x = new double[values.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        return new Series(name, x, values);
    }

    static void write(Path file, String title, Panel... panels) {
        BufferedImage image = new BufferedImage(PANEL_WIDTH * panels.length, HEIGHT + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 16, 26);
        for (int i = 0; i < panels.length; i++) {
            draw(g, panels[i], i * PANEL_WIDTH, 40);
        }
        g.dispose();
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static void draw(Graphics2D g, Panel panel, int left, int top) {
        int x0 = left + 70;
        int y0 = top + HEIGHT - 60;
        int width = PANEL_WIDTH - 100;
        int height = HEIGHT - 110;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(panel.title(), left + 20, top + 18);
        double maxX = 1;
        double maxY = 0;
        for (Series s : panel.series()) {
            for (double x : s.x()) {
                maxX = Math.max(maxX, x);
            }
            for (double y : s.y()) {
                maxY = Math.max(maxY, y);
            }
        }
        if (panel.kind() == Kind.PERCENTILES) {
            maxX = Math.max(2, Math.ceil(maxX));
        }
        if (panel.kind() == Kind.BARS) {
            maxX = Math.max(1, panel.categories().size());
        }
        maxY = niceCeiling(maxY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 5; i++) {
            int y = y0 - i * height / 5;
            g.drawLine(x0, y, x0 + width, y);
        }
        g.setColor(Color.BLACK);
        g.drawLine(x0, y0, x0 + width, y0);
        g.drawLine(x0, y0, x0, y0 - height);
        for (int i = 0; i <= 5; i++) {
            int y = y0 - i * height / 5;
            String label = format(maxY * i / 5);
            g.drawString(label, x0 - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.drawString(panel.yLabel(), left + 8, top + 36);
        if (panel.kind() == Kind.PERCENTILES) {
            String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
            for (int i = 0; i <= (int) maxX && i < labels.length; i++) {
                int x = x0 + (int) (i / maxX * width);
                g.drawString(labels[i], x - 10, y0 + 16);
            }
            g.drawString("percentile", x0 + width / 2 - 20, y0 + 32);
        } else if (panel.kind() == Kind.TIME) {
            for (int i = 0; i <= 5; i++) {
                double seconds = maxX * i / 5;
                g.drawString(format(seconds), x0 + (int) (i / 5.0 * width) - 6, y0 + 16);
            }
            g.drawString("seconds", x0 + width / 2 - 20, y0 + 32);
        }
        if (panel.kind() == Kind.BARS) {
            drawBars(g, panel, x0, y0, width, height, maxY);
        } else {
            g.setStroke(new BasicStroke(2f));
            for (int s = 0; s < panel.series().size(); s++) {
                Series series = panel.series().get(s);
                g.setColor(COLORS[s % COLORS.length]);
                for (int i = 1; i < series.x().length; i++) {
                    g.drawLine(px(series.x()[i - 1], maxX, x0, width), py(series.y()[i - 1], maxY, y0, height),
                            px(series.x()[i], maxX, x0, width), py(series.y()[i], maxY, y0, height));
                }
                if (series.x().length == 1) {
                    g.fillOval(px(series.x()[0], maxX, x0, width) - 3, py(series.y()[0], maxY, y0, height) - 3, 6, 6);
                }
            }
            g.setStroke(new BasicStroke(1f));
        }
        legend(g, panel.series(), x0 + 10, top + 50);
    }

    private static void drawBars(Graphics2D g, Panel panel, int x0, int y0, int width, int height, double maxY) {
        int categories = panel.categories().size();
        int groups = panel.series().size();
        int slot = width / Math.max(1, categories);
        int bar = Math.max(4, (slot - 20) / Math.max(1, groups));
        for (int c = 0; c < categories; c++) {
            g.setColor(Color.BLACK);
            g.drawString(panel.categories().get(c), x0 + c * slot + 6, y0 + 16);
            for (int s = 0; s < groups; s++) {
                double value = panel.series().get(s).y()[c];
                int top = py(value, maxY, y0, height);
                g.setColor(COLORS[s % COLORS.length]);
                g.fillRect(x0 + c * slot + 10 + s * bar, top, bar - 2, y0 - top);
            }
        }
    }

    private static void legend(Graphics2D g, List<Series> series, int x, int y) {
        for (int s = 0; s < series.size(); s++) {
            g.setColor(COLORS[s % COLORS.length]);
            g.fillRect(x, y + s * 16 - 9, 12, 10);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s).name(), x + 18, y + s * 16);
        }
    }

    private static int px(double x, double maxX, int x0, int width) {
        return x0 + (int) Math.round(x / maxX * width);
    }

    private static int py(double y, double maxY, int y0, int height) {
        return y0 - (int) Math.round(Math.min(y, maxY) / maxY * height);
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double value) {
        if (value == Math.rint(value)) {
            return Long.toString((long) value);
        }
        return String.format("%.1f", value);
    }

    private static Series series(String name, List<double[]> points) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        return new Series(name, x, y);
    }
}
