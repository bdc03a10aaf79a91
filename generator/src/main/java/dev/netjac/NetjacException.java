package dev.netjac;

/**
 * The one exception netjac throws for bad input: a model, spec or weight file it cannot accept.
 *
 * <p>Messages follow one format so that a user can act on them without a stack trace:
 * {@code <file>: <where in the file>: <what was expected>, found <what was found>}, for example
 * {@code seed.json: layers[2] (dense "fc2"): kernel w2.npy has shape (100, 12), expected (100, 10)}.
 */
public class NetjacException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NetjacException(String message) {
        super(message);
    }

    public NetjacException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Returns a copy of this exception whose message starts with {@code context + ": "}. */
    public NetjacException withContext(String context) {
        NetjacException wrapped = new NetjacException(context + ": " + getMessage(), getCause());
        wrapped.setStackTrace(getStackTrace());
        return wrapped;
    }
}
