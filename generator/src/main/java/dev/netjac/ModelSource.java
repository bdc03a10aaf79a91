package dev.netjac;

import dev.netjac.graph.Graph;
import java.nio.file.Path;
import java.util.List;

/**
 * A model as read: its graph and the files its reading opened (absolute, normalized, the model file first,
 * then weight files, archives or shards in the order read). A file a model merely mentions (a name in a string
 * field) is not among them; the Maven plugin hashes exactly these to tell whether a model changed.
 */
public record ModelSource(Graph graph, List<Path> files) {
    public ModelSource {
        files = List.copyOf(files);
    }
}
