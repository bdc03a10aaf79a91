package dev.netjac.picture;

import java.util.List;

/**
 * How a saliency picture is drawn.
 *
 * @param labels one name per output (class labels), or an empty list for "output 0", "output 1", ...
 * @param scale whether all panels share one colour scale or each has its own
 * @param overlay draw the saliency over the input image in grey (image inputs; needs the input)
 * @param layout how the input is laid out ({@link InputGeometry.Layout#AUTO} guesses from the shape)
 */
public record PictureOptions(List<String> labels, Scale scale, boolean overlay, InputGeometry.Layout layout) {

    /** One colour scale for the whole picture, or one per output. */
    public enum Scale {
        /** ±max|J| over every entry: panels compare with each other. */
        SHARED,
        /** ±max|J_i| per output: each panel shows its own pattern at full contrast. */
        PER_PANEL;

        /** Parses {@code shared} or {@code per-panel}; null when neither. */
        public static Scale parse(String text) {
            return "shared".equalsIgnoreCase(text) ? SHARED : "per-panel".equalsIgnoreCase(text) ? PER_PANEL : null;
        }
    }

    public PictureOptions {
        labels = List.copyOf(labels);
    }

    public static PictureOptions defaults() {
        return new PictureOptions(List.of(), Scale.SHARED, false, InputGeometry.Layout.AUTO);
    }

    public PictureOptions withLabels(List<String> names) {
        return new PictureOptions(names, scale, overlay, layout);
    }

    public PictureOptions withScale(Scale value) {
        return new PictureOptions(labels, value, overlay, layout);
    }

    public PictureOptions withOverlay(boolean value) {
        return new PictureOptions(labels, scale, value, layout);
    }

    public PictureOptions withLayout(InputGeometry.Layout value) {
        return new PictureOptions(labels, scale, overlay, value);
    }

    /** The label of output {@code i}. */
    String label(int i) {
        return i < labels.size() ? labels.get(i) : "output " + i;
    }
}
