assert new File(basedir, 'target/generated-sources/netjac/netjac/Big.java').isFile()
assert new File(basedir, 'target/classes/netjac/Big.weights').isFile()
def log = new File(basedir, 'build.log').text
assert log.contains('netjac: generated Big.java (package netjac) from big.json')
assert log.contains('Tests run: 1, Failures: 0, Errors: 0')
return true
