def gen = new File(basedir, 'target/generated-sources/netjac')
assert new File(gen, 'models/Tiny.java').isFile()
assert new File(gen, 'com/example/nets/OtherNet.java').isFile()
assert new File(basedir, 'target/generated-resources/netjac/models/Tiny.weights').isFile()
assert new File(basedir, 'target/classes/models/Tiny.weights').isFile()
assert new File(basedir, 'target/classes/com/example/nets/OtherNet.weights').isFile()
assert new File(basedir, 'target/classes/models/Tiny.class').isFile()
assert new File(basedir, 'target/maven-status/netjac/models/tiny.json.sha256').isFile()
def log = new File(basedir, 'build.log').text
assert log.contains('netjac: generated Tiny.java (package models) from models/tiny.json')
assert log.contains('Tests run: 2, Failures: 0, Errors: 0')
return true
