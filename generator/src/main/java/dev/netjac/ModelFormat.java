package dev.netjac;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The kind of a model file, told by its content (magic bytes), not by its name: a user's {@code model.bin} that
 * is really ONNX is read as ONNX, and a binary file netjac cannot read gets a message naming the formats it
 * reads instead of a JSON parse error. Formats netjac recognizes but cannot read (TensorFlow SavedModel folders,
 * TensorFlow checkpoints) are refused here, with the command that converts them.
 */
public enum ModelFormat {
    /** A JSON document: a netjac spec or a TensorFlow.js layers {@code model.json}, told apart by their keys. */
    JSON("a netjac spec or TensorFlow.js model.json"),
    /** An HDF5 file: a Keras 2 {@code model.save("x.h5")}. */
    HDF5("a Keras 2 .h5 file"),
    /** A zip archive: a Keras 3 {@code model.save("x.keras")}. */
    ZIP("a Keras 3 .keras archive"),
    /** An ONNX {@code ModelProto}. */
    ONNX("an ONNX model");

    /** What the one-line messages say netjac reads, in the order users most often have them. */
    public static final String READABLE = "a netjac spec (.json), a TensorFlow.js layers model (model.json), ONNX (.onnx),"
            + " Keras 3 (.keras) or Keras 2 (.h5)";

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final byte[] ZIP_SIGNATURE = {'P', 'K', 3, 4};

    /** HDF5 looks for its superblock at 0, 512, 1024, 2048, ... (a user block may precede it); this far at most. */
    private static final long HDF5_SEARCH_LIMIT = 1L << 20;

    /** How much of the head decides whether a file is text (JSON) or binary. */
    private static final int HEAD_BYTES = 4096;

    private static final Pattern CHECKPOINT_DATA = Pattern.compile(".*\\.data-\\d+-of-\\d+");

    private final String description;

    ModelFormat(String description) {
        this.description = description;
    }

    /** How messages name this format ("a Keras 2 .h5 file"). */
    public String description() {
        return description;
    }

    /**
     * The format of {@code model}; {@code file} is how messages name it. A missing file or a folder that is no
     * SavedModel or checkpoint is {@link #JSON}, so that the spec reader reports it as it always has.
     *
     * @throws NetjacException for SavedModel folders, TensorFlow checkpoints and binary files of no format
     *     netjac reads
     */
    public static ModelFormat detect(Path model, String file) {
        if (Files.isDirectory(model)) {
            refuseTensorFlowFolder(model, file);
            return JSON;
        }
        if (!Files.isRegularFile(model)) {
            return JSON;
        }
        refuseTensorFlowFile(model, file);
        byte[] head;
        try {
            head = head(model);
        } catch (NoSuchFileException e) {
            return JSON;
        } catch (IOException e) {
            throw new NetjacException(file + ": cannot read: " + UserText.oneLine(String.valueOf(e.getMessage())));
        }
        if (startsWith(head, 0, HDF5_SIGNATURE) || hasHdf5SignatureLater(model)) {
            return HDF5;
        }
        if (startsWith(head, 0, ZIP_SIGNATURE)) {
            return ZIP;
        }
        if (isText(head)) {
            // JSON, or something meant to be JSON: the JSON reader names the line and column that is wrong.
            return JSON;
        }
        if (OnnxSniffer.looksLikeModelProto(head, hasExtension(model, ".onnx"))) {
            return ONNX;
        }
        throw new NetjacException(file + ": not a model file netjac reads (a binary file starting with bytes "
                + hex(head, 8) + "); expected " + READABLE);
    }

    private static void refuseTensorFlowFolder(Path folder, String file) {
        if (Files.isRegularFile(folder.resolve("saved_model.pb")) || Files.isRegularFile(folder.resolve("saved_model.pbtxt"))) {
            throw savedModel(file);
        }
        if (Files.isRegularFile(folder.resolve("checkpoint"))) {
            throw checkpoint(file, "a folder holding a TensorFlow checkpoint");
        }
        if (Files.isRegularFile(folder.resolve("model.json"))) {
            throw new NetjacException(file + ": is a folder, expected a model file: a TensorFlow.js export? pass its "
                    + folder.getFileName() + "/model.json");
        }
    }

    private static void refuseTensorFlowFile(Path model, String file) {
        String name = model.getFileName() == null ? "" : model.getFileName().toString();
        if (name.equals("saved_model.pb") || name.equals("saved_model.pbtxt")) {
            throw savedModel(file);
        }
        if (name.equals("checkpoint") || name.endsWith(".index") || name.endsWith(".ckpt")
                || CHECKPOINT_DATA.matcher(name).matches()) {
            throw checkpoint(file, "a TensorFlow checkpoint");
        }
    }

    private static NetjacException savedModel(String file) {
        return new NetjacException(file + ": a TensorFlow SavedModel, which netjac does not read; in Python, load it"
                + " and save it as Keras 3 (model.save(\"model.keras\")), or convert it with tensorflowjs_converter"
                + " --input_format tf_saved_model --output_format tfjs_layers_model if it is a Keras model,"
                + " or to ONNX with python -m tf2onnx.convert --saved-model DIR --output model.onnx");
    }

    private static NetjacException checkpoint(String file, String what) {
        return new NetjacException(file + ": " + what + ", which holds weights without the model's structure;"
                + " netjac reads whole models: in Python, rebuild the model, load the checkpoint (model.load_weights)"
                + " and save it with model.save(\"model.keras\")");
    }

    private static byte[] head(Path model) throws IOException {
        try (InputStream in = Files.newInputStream(model)) {
            return in.readNBytes(HEAD_BYTES);
        }
    }

    private static boolean hasHdf5SignatureLater(Path model) {
        try (SeekableByteChannel channel = Files.newByteChannel(model)) {
            long size = channel.size();
            for (long offset = 512; offset + HDF5_SIGNATURE.length <= size && offset <= HDF5_SEARCH_LIMIT; offset *= 2) {
                ByteBuffer buffer = ByteBuffer.allocate(HDF5_SIGNATURE.length);
                channel.position(offset);
                while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                    // read until full or end of file
                }
                if (!buffer.hasRemaining() && startsWith(buffer.array(), 0, HDF5_SIGNATURE)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** UTF-8 text (a BOM allowed) without NUL or other control bytes than tab, line feed, carriage return, form feed. */
    static boolean isText(byte[] head) {
        int end = head.length;
        // the head may cut a multi-byte character in two: drop an incomplete tail sequence
        for (int back = 1; back <= 3 && end - back >= 0; back++) {
            int b = head[end - back] & 0xff;
            if (b >= 0xc0) {
                int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
                if (length > back) {
                    end -= back;
                }
                break;
            }
            if (b < 0x80) {
                break;
            }
        }
        for (int i = 0; i < end; i++) {
            int b = head[i] & 0xff;
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f') {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean hasExtension(Path model, String extension) {
        Path name = model.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(extension);
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        if (data.length < offset + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte[] data, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(data.length, max); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x", data[i] & 0xff));
        }
        return sb.length() == 0 ? "(none)" : sb.toString();
    }
}
