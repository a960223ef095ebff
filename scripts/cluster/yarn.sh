# YARN + HDFS for scripts/cluster.sh (sourced): real Hadoop 3.3.4 daemons from Maven Central, each in a JVM of
# its own: HDFS (MiniHadoopClusterManager -nomr: a NameNode and a DataNode), a ResourceManager and a
# NodeManager. (With the ResourceManager, the NodeManager and the JobHistory server in one JVM the RM's REST API
# and proxy answer 404: Guice's static filter is shared.) About 100 MB of jars, 650 MB of memory idle.

YARN_DIR="$STATE/yarn"
HADOOP_POM="$ROOT/scripts/cluster/pom.xml"
# Java 17 closes what Hadoop 3.3 reaches into by reflection.
HADOOP_JAVA_OPTS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED
  -Xmx512m -Djava.net.preferIPv4Stack=true
)

yarn_jars() {
  local lib="$YARN_DIR/lib"
  if [[ -f "$lib/.complete" ]]; then return; fi
  command -v mvn >/dev/null || die "mvn is needed to fetch Hadoop's jars; run scripts/setup.sh (it installs maven)"
  say "yarn: fetching Hadoop 3.3.4 from Maven Central (about 100 MB, once)"
  mkdir -p "$lib"
  mvn -B -q -f "$HADOOP_POM" dependency:copy-dependencies -DoutputDirectory="$lib" >&2 || die "mvn could not fetch the Hadoop jars"
  touch "$lib/.complete"
}

yarn_property() { printf '  <property><name>%s</name><value>%s</value></property>\n' "$1" "$2"; }

yarn_write_conf() {
  local conf="$YARN_DIR/conf" nn="$1" rm_web="$2" nn_http="$3" rm rm_scheduler rm_tracker rm_admin nm_localizer nm_web
  read -r rm rm_scheduler rm_tracker rm_admin nm_localizer nm_web <<<"$4"
  mkdir -p "$conf" "$YARN_DIR/nm-local" "$YARN_DIR/nm-logs"
  {
    echo '<?xml version="1.0"?><configuration>'
    yarn_property fs.defaultFS "hdfs://127.0.0.1:$nn"
    yarn_property hadoop.tmp.dir "$YARN_DIR/tmp"
    echo '</configuration>'
  } >"$conf/core-site.xml"
  {
    echo '<?xml version="1.0"?><configuration>'
    yarn_property dfs.replication 1
    yarn_property dfs.permissions.enabled false
    yarn_property dfs.namenode.http-address "127.0.0.1:$nn_http"
    echo '</configuration>'
  } >"$conf/hdfs-site.xml"
  {
    echo '<?xml version="1.0"?><configuration>'
    yarn_property yarn.resourcemanager.hostname 127.0.0.1
    yarn_property yarn.resourcemanager.address "127.0.0.1:$rm"
    yarn_property yarn.resourcemanager.scheduler.address "127.0.0.1:$rm_scheduler"
    yarn_property yarn.resourcemanager.resource-tracker.address "127.0.0.1:$rm_tracker"
    yarn_property yarn.resourcemanager.admin.address "127.0.0.1:$rm_admin"
    yarn_property yarn.resourcemanager.webapp.address "127.0.0.1:$rm_web"
    yarn_property yarn.resourcemanager.scheduler.class org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler
    yarn_property yarn.scheduler.minimum-allocation-mb 256
    yarn_property yarn.scheduler.maximum-allocation-mb 4096
    yarn_property yarn.nodemanager.hostname 127.0.0.1
    yarn_property yarn.nodemanager.address 127.0.0.1:0
    yarn_property yarn.nodemanager.localizer.address "127.0.0.1:$nm_localizer"
    yarn_property yarn.nodemanager.webapp.address "127.0.0.1:$nm_web"
    yarn_property yarn.nodemanager.resource.memory-mb 6144
    yarn_property yarn.nodemanager.resource.cpu-vcores 4
    yarn_property yarn.nodemanager.vmem-check-enabled false
    yarn_property yarn.nodemanager.pmem-check-enabled false
    yarn_property yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage 99.5
    yarn_property yarn.nodemanager.local-dirs "$YARN_DIR/nm-local"
    yarn_property yarn.nodemanager.log-dirs "$YARN_DIR/nm-logs"
    yarn_property yarn.nodemanager.env-whitelist JAVA_HOME,PATH,LANG,TZ,PYSPARK_PYTHON
    yarn_property yarn.log-aggregation-enable false
    echo '</configuration>'
  } >"$conf/yarn-site.xml"
}

yarn_exports() {
  printf 'export HADOOP_CONF_DIR=%s\n' "$YARN_DIR/conf"
  printf 'export BACKFILL_TEST_MASTER=yarn\n'
  printf 'export BACKFILL_TEST_WAREHOUSE=hdfs://127.0.0.1:%s/warehouse\n' "$(cat "$YARN_DIR/nn.port")"
  printf 'export BACKFILL_TEST_RM=http://127.0.0.1:%s\n' "$(cat "$YARN_DIR/rm-web.port")"
  printf 'export BACKFILL_TEST_WEBHDFS=http://127.0.0.1:%s\n' "$(cat "$YARN_DIR/nn-http.port")"
  [[ -f "$YARN_DIR/archive.uri" ]] && printf 'export SPARK_YARN_ARCHIVE=%s\n' "$(cat "$YARN_DIR/archive.uri")"
  return 0
}

yarn_alive() { alive "$YARN_DIR/hdfs.pid" && alive "$YARN_DIR/rm.pid" && alive "$YARN_DIR/nm.pid"; }

yarn_up() {
  if yarn_alive; then
    say "yarn: already up"
    yarn_exports
    return
  fi
  yarn_down
  yarn_jars
  local nn nn_http rm_web others java_home cp ports
  ports="$(free_ports 9)"
  read -r nn nn_http rm_web others <<<"$ports"
  echo "$nn" >"$YARN_DIR/nn.port"; echo "$nn_http" >"$YARN_DIR/nn-http.port"; echo "$rm_web" >"$YARN_DIR/rm-web.port"
  rm -rf "$YARN_DIR/dfs" "$YARN_DIR/tmp" "$YARN_DIR/nm-local" "$YARN_DIR/nm-logs"
  yarn_write_conf "$nn" "$rm_web" "$nn_http" "$others"
  java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  cp="$YARN_DIR/conf:$YARN_DIR/lib/*"

  say "yarn: HDFS on 127.0.0.1:$nn (web $nn_http)"
  start_daemon hdfs "$YARN_DIR" java "${HADOOP_JAVA_OPTS[@]}" -Dtest.build.data="$YARN_DIR/dfs" -cp "$cp" \
    org.apache.hadoop.mapreduce.MiniHadoopClusterManager -nomr -format -nnport "$nn" -nnhttpport "$nn_http" -datanodes 1 \
    -D "hdfs.minidfs.basedir=$YARN_DIR/dfs" -D dfs.permissions.enabled=false
  wait_for "import json, urllib.request; json.load(urllib.request.urlopen('http://127.0.0.1:$nn_http/webhdfs/v1/?op=GETFILESTATUS', timeout=2))" 120 "HDFS"

  say "yarn: ResourceManager (web $rm_web)"
  JAVA_HOME="$java_home" start_daemon rm "$YARN_DIR" java "${HADOOP_JAVA_OPTS[@]}" -cp "$cp" org.apache.hadoop.yarn.server.resourcemanager.ResourceManager
  wait_for "import json, urllib.request, sys; sys.exit(0 if json.load(urllib.request.urlopen('http://127.0.0.1:$rm_web/ws/v1/cluster/info', timeout=2))['clusterInfo']['state'] == 'STARTED' else 1)" 120 "the ResourceManager"

  say "yarn: NodeManager"
  JAVA_HOME="$java_home" PYSPARK_PYTHON="$PYTHON" start_daemon nm "$YARN_DIR" java "${HADOOP_JAVA_OPTS[@]}" -cp "$cp" org.apache.hadoop.yarn.server.nodemanager.NodeManager
  wait_for "import json, urllib.request, sys; sys.exit(0 if json.load(urllib.request.urlopen('http://127.0.0.1:$rm_web/ws/v1/cluster/metrics', timeout=2))['clusterMetrics']['activeNodes'] >= 1 else 1)" 120 "the NodeManager"

  yarn_prepare_hdfs "$nn_http" "$nn"
  say "yarn: up"
  yarn_exports
}

# The warehouse and the user's home (Spark's staging) on HDFS, and the Spark jars archive (spark.yarn.archive):
# uploaded once, so that a submit does not copy 300 MB of jars each time.
yarn_prepare_hdfs() {
  local http="$1" nn="$2" user
  user="$(id -un)"
  "$PYTHON" - "$http" "$user" "$SPARK_HOME" "$YARN_DIR/spark-libs.zip" <<'PY' >&2
import json, os, sys, urllib.request, zipfile
http, user, spark_home, archive = sys.argv[1:5]
def call(method, path, op, data=None, **params):
    query = "&".join([f"op={op}", f"user.name={user}"] + [f"{k}={v}" for k, v in params.items()])
    request = urllib.request.Request(f"http://127.0.0.1:{http}/webhdfs/v1{path}?{query}", data=data, method=method)
    return urllib.request.urlopen(request, timeout=120)
for folder in ("/warehouse", f"/user/{user}", "/spark"):
    call("PUT", folder, "MKDIRS")
if not os.path.exists(archive):
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as out:
        jars = os.path.join(spark_home, "jars")
        for name in sorted(os.listdir(jars)):
            out.write(os.path.join(jars, name), name)
# The NameNode names the DataNode to write to; the data goes there.
location = json.load(call("PUT", "/spark/spark-libs.zip", "CREATE", overwrite="true", noredirect="true"))["Location"]
with open(archive, "rb") as data:
    urllib.request.urlopen(urllib.request.Request(location, data=data.read(), method="PUT"), timeout=300)
print("cluster: yarn: Spark jars archive at /spark/spark-libs.zip")
PY
  echo "hdfs://127.0.0.1:$nn/spark/spark-libs.zip" >"$YARN_DIR/archive.uri"
}

yarn_down() {
  # The NodeManager first: it must not outlive the ResourceManager it reports to.
  stop_daemon "$YARN_DIR/nm.pid"
  stop_daemon "$YARN_DIR/rm.pid"
  stop_daemon "$YARN_DIR/hdfs.pid"
}

yarn_status() {
  if yarn_alive; then
    echo "yarn: up (hdfs pid $(cat "$YARN_DIR/hdfs.pid"), rm pid $(cat "$YARN_DIR/rm.pid"), nm pid $(cat "$YARN_DIR/nm.pid"))" >&2
    yarn_exports
  else
    echo "yarn: down" >&2
  fi
}
