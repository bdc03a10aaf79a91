// Shared by the readme-* integration tests' setup.groovy: the code block of README.md that follows a marker
// comment, so that the README's snippets are what these builds use and cannot drift from them.
class ReadmeSnippet {
    /** The checkout's README.md, seen from a cloned IT project under maven-plugin/target/it/NAME. */
    static File readme(File basedir) {
        def f = new File(basedir, '../../../../README.md').canonicalFile
        assert f.isFile() : "README.md not found at ${f}"
        return f
    }

    /** The text of the first ```LANG block after the line holding MARKER. */
    static String after(File readme, String marker, String lang) {
        def lines = readme.readLines('UTF-8')
        int at = lines.findIndexOf { it.contains(marker) }
        assert at >= 0 : "README.md has no line with ${marker}"
        int open = (at + 1..<lines.size()).find { lines[it].trim() == '```' + lang }
        assert open != null : "no ```${lang} block after ${marker} in README.md"
        int close = (open + 1..<lines.size()).find { lines[it].trim() == '```' }
        return lines.subList(open + 1, close).join('\n') + '\n'
    }
}
