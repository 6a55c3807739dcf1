package io.eventflow.identity.account;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;
import java.util.UUID;

import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;

public interface UserAccountRepository extends JpaRepository<UserAccount, UUID> {

    @Query("select u from UserAccount u where u.id = :id and u.deletedAt is null")
    Optional<UserAccount> findActive(UUID id);

    /** The active account, locked until the transaction ends (a change that must not race another). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from UserAccount u where u.id = :id and u.deletedAt is null")
    Optional<UserAccount> lockActive(UUID id);

    @Query("select u from UserAccount u where u.id in :ids and u.deletedAt is null")
    List<UserAccount> findAllActive(Collection<UUID> ids);

    @Query("select u from UserAccount u where (u.usernameKey = :identifier or u.email = :identifier) and u.deletedAt is null")
    Optional<UserAccount> findActiveByLogin(String identifier);

    @Query("select u from UserAccount u where u.email = :email and u.deletedAt is null")
    Optional<UserAccount> findActiveByEmail(String email);

    Optional<UserAccount> findByUsernameKey(String usernameKey);

    Optional<UserAccount> findByEmail(String email);

    @Query("select count(u) from UserAccount u where u.role = io.eventflow.identity.Role.ADMIN and u.deletedAt is null")
    long countActiveAdmins();

    /**
     * The active admins, locked until the transaction ends: two admins demoting or deleting each other at
     * the same moment are serialised, so the second one sees that it would remove the last admin.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from UserAccount u where u.role = io.eventflow.identity.Role.ADMIN and u.deletedAt is null")
    List<UserAccount> lockActiveAdmins();
}
