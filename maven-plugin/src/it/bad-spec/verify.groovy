def log = new File(basedir, 'build.log').text
def line = log.readLines().find { it.contains('wrong.json') && it.contains('layers[0]') && it.contains('expected') }
assert line != null : 'no netjac message naming wrong.json, layers[0] and expected in build.log'
assert log.contains('BUILD FAILURE')
def gen = new File(basedir, 'target/generated-sources/netjac')
def java = []
if (gen.exists()) { gen.eachFileRecurse { if (it.name.endsWith('.java')) java << it } }
assert java.isEmpty() : "no .java may be written, found $java"
assert !new File(basedir, 'target/maven-status/netjac/nets/wrong.json.sha256').exists()
return true
