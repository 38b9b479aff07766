fn main() {
    let _ = bitcoinkernel::VERSION;
}
