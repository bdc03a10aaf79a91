import java.nio.file.Files
import java.util.zip.ZipFile

def res = new File(basedir, 'target/generated-resources/netjac/nets')
def src = new File(basedir, 'target/generated-sources/netjac/nets')
assert res.list().sort() == ['.Other.weights55.tmp', 'Tiny.weights'] : "resources: ${res.list()}"
assert src.list().sort() == ['Tiny.java'] : "sources: ${src.list()}"

def names = new ZipFile(new File(basedir, 'target/leftovers-1.0.jar')).withCloseable { zip -> zip.entries()*.name }
assert names.contains('nets/Tiny.class')
assert names.contains('nets/Tiny.weights')
assert !names.any { it.endsWith('.tmp') } : "a temporary file was packaged: ${names}"

// The outputs' mode is the one any new file gets under the umask Maven ran with (inherited from this JVM's).
def probe = new File(basedir, 'target/probe.txt').toPath()
Files.createFile(probe)
def expected = Files.getPosixFilePermissions(probe)
assert Files.getPosixFilePermissions(new File(res, 'Tiny.weights').toPath()) == expected
assert Files.getPosixFilePermissions(new File(src, 'Tiny.java').toPath()) == expected
return true
