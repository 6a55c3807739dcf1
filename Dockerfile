# EventFlow node image. Build: docker build -t eventflow .
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp dependency:go-offline
COPY src src
RUN ./mvnw -B -ntp -DskipTests package && cp target/eventflow-*.jar /eventflow.jar

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 eventflow && mkdir /data && chown eventflow /data
USER eventflow
WORKDIR /home/eventflow
COPY --from=build /eventflow.jar eventflow.jar
ENV EVENTFLOW_DATA_DIR=/data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD wget -qO- http://127.0.0.1:8080/actuator/health/readiness || exit 1
# the heap follows the container's memory limit; the C library's freed memory goes back every 5 s (docs/configuration.md)
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:TrimNativeHeapInterval=5000", "-jar", "eventflow.jar"]
