package org.releasegovernance.infra;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The local run promises that stopping and starting it again keeps everything; these are the servers' halves. */
class ServersKeepTheirDataTest {

    @Test
    void kafkaKeepsATopicsRecordsAcrossARestart(@TempDir Path logDir) throws Exception {
        try (KafkaServer kafka = KafkaServer.start(0, logDir);
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("decisions", "gpt-2", "StageReleased 117M")).get();
        }

        try (KafkaServer kafka = KafkaServer.start(0, logDir);
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ConsumerConfig.GROUP_ID_CONFIG, "reader",
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                     new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("decisions"));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            assertThat(values).containsExactly("StageReleased 117M");
        }
    }

    @Test
    void postgresKeepsRowsAcrossARestart(@TempDir Path dataDir) throws Exception {
        try (PostgresServer postgres = PostgresServer.start(0, dataDir);
             Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("create table decision (id text primary key)");
            statement.execute("insert into decision values ('117M released')");
        }

        try (PostgresServer postgres = PostgresServer.start(0, dataDir);
             Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), PostgresServer.USER, "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select id from decision")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("117M released");
        }
    }
}
